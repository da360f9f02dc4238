import { createHash } from 'node:crypto';
import {
  Blueprint,
  type BlueprintInput,
  ComplianceRegime,
  CoreError,
  type Labels,
  PermissionAction,
} from '../contracts/index.js';
import { shapeIssues } from './shape-issues.js';

function byEnumOrder<T extends string>(order: readonly T[]) {
  return (values: readonly T[]): T[] => [...values].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

const sortCompliance = byEnumOrder(ComplianceRegime.options);
const sortActions = byEnumOrder(PermissionAction.options);

/** The platform's locales first, in their declared order, then any others by code. */
function labelOrder(locales: readonly string[]) {
  const rank = (locale: string) => {
    const index = locales.indexOf(locale);
    return index === -1 ? locales.length : index;
  };
  return (labels: Labels): Labels =>
    Object.fromEntries(Object.entries(labels).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The canonical form of a Blueprint: defaults filled, every object's keys in the schema's order,
 * labels in the platform's locale order, and the lists that are sets (compliance regimes, granted
 * actions) in the schema's order. Named things keep their declared order: it is the menu and
 * column order a person chose. Throws INVALID_INPUT for a document that is not Blueprint-shaped.
 */
export function normalizeBlueprint(input: BlueprintInput | Blueprint): Blueprint {
  const parsed = Blueprint.safeParse(input);
  if (!parsed.success) {
    throw new CoreError('INVALID_INPUT', 'Only a Blueprint-shaped document can be normalised.', {
      issues: shapeIssues(parsed.error.issues, input),
    });
  }
  // zod builds each parsed object in the schema's key order, whatever order the input had.
  const blueprint = parsed.data;
  const labels = labelOrder(blueprint.platform.locales);
  return {
    ...blueprint,
    platform: { ...blueprint.platform, compliance: sortCompliance(blueprint.platform.compliance) },
    entities: blueprint.entities.map((entity) => ({
      ...entity,
      label: labels(entity.label),
      pluralLabel: labels(entity.pluralLabel),
      fields: entity.fields.map((field) => ({
        ...field,
        label: labels(field.label),
        ...(field.values && {
          values: field.values.map((value) => ({ ...value, label: labels(value.label) })),
        }),
      })),
    })),
    roles: blueprint.roles.map((role) => ({ ...role, label: labels(role.label) })),
    permissions: blueprint.permissions.map((permission) => ({
      ...permission,
      actions: sortActions(permission.actions),
    })),
    pages: blueprint.pages.map((page) => ({ ...page, title: labels(page.title) })),
  };
}

/** The Blueprint file's text: the normalised form as 2-space JSON with a final newline. */
export function serializeBlueprint(blueprint: BlueprintInput | Blueprint): string {
  return `${JSON.stringify(normalizeBlueprint(blueprint), null, 2)}\n`;
}

/** SHA-256 (hex) of the serialised form: equal Blueprints have equal hashes. */
export function blueprintHash(blueprint: BlueprintInput | Blueprint): string {
  return createHash('sha256').update(serializeBlueprint(blueprint)).digest('hex');
}
