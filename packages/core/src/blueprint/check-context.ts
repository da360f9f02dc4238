import type { Blueprint, BlueprintIssue, BlueprintIssueCode, Labels } from '../contracts/index.js';
import { blueprintIssue, type IssueParams } from './messages.js';
import { appendPointer } from './pointer.js';

/** What every semantic check shares: the Blueprint, its name tables, and the list issues go to. */
export class CheckContext {
  readonly blueprint: Blueprint;
  readonly issues: BlueprintIssue[] = [];
  readonly locales: readonly string[];
  readonly entityNames: ReadonlySet<string>;
  readonly roleNames: ReadonlySet<string>;

  constructor(blueprint: Blueprint) {
    this.blueprint = blueprint;
    this.locales = [...new Set(blueprint.platform.locales)];
    this.entityNames = new Set(blueprint.entities.map((entity) => entity.name));
    this.roleNames = new Set(blueprint.roles.map((role) => role.name));
  }

  report(path: string, code: BlueprintIssueCode, params: IssueParams = {}): void {
    this.issues.push(blueprintIssue(path, code, params));
  }

  /** One MISSING_LABEL per declared locale the labels leave out. */
  checkLabels(labels: Labels, path: string): void {
    for (const locale of this.locales) {
      if (!Object.hasOwn(labels, locale)) this.report(path, 'MISSING_LABEL', { locale });
    }
  }

  /** DUPLICATE_NAME for every item whose name (case ignored: tables and columns fold case) came before. */
  checkUniqueNames<T>(items: readonly T[], path: string, kind: string, nameOf: (item: T) => string, at = 'name'): void {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const name = nameOf(item);
      const key = name.toLowerCase();
      if (seen.has(key)) this.report(appendPointer(appendPointer(path, index), at), 'DUPLICATE_NAME', { kind, name });
      seen.add(key);
    });
  }

  /** DUPLICATE_VALUE for every repeated entry of a list of plain values. */
  checkUniqueValues(values: readonly string[], path: string): void {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      if (seen.has(value)) this.report(appendPointer(path, index), 'DUPLICATE_VALUE', { value });
      seen.add(value);
    });
  }

  /** UNKNOWN_ROLE for names that are not roles, DUPLICATE_VALUE for repeats. */
  checkRoleList(roles: readonly string[], path: string): void {
    this.checkUniqueValues(roles, path);
    roles.forEach((name, index) => {
      if (!this.roleNames.has(name)) this.report(appendPointer(path, index), 'UNKNOWN_ROLE', { name });
    });
  }
}
