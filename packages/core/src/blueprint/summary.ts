import {
  Blueprint,
  type BlueprintInput,
  BlueprintPatch,
  type BlueprintPatchSummary,
  formatMessage,
  patchFailureMessage,
  type SystemMessage,
  summaryMessage,
} from '../contracts/index.js';
import { applyJsonPatch } from './json-patch.js';
import { deepEqual, type JsonValue } from './json-value.js';
import { normalizeBlueprint } from './normalize.js';
import { phrase, type Section } from './summary-phrases.js';

interface Comparison<T> {
  added: T[];
  removed: T[];
  /** Items present on both sides, as [before, after], in the new order. */
  kept: Array<[T, T]>;
  reordered: boolean;
}

function compareBy<T>(before: readonly T[], after: readonly T[], keyOf: (item: T) => string): Comparison<T> {
  const earlier = new Map(before.map((item) => [keyOf(item), item]));
  const later = new Set(after.map(keyOf));
  const kept: Array<[T, T]> = [];
  const added: T[] = [];
  for (const item of after) {
    const previous = earlier.get(keyOf(item));
    if (previous === undefined) added.push(item);
    else kept.push([previous, item]);
  }
  const keptKeys = kept.map(([, item]) => keyOf(item));
  const previousOrder = before.map(keyOf).filter((key) => later.has(key));
  return {
    added,
    removed: before.filter((item) => !later.has(keyOf(item))),
    kept,
    reordered: !deepEqual(keptKeys, [...new Set(previousOrder)]),
  };
}

const byName = (item: { name: string }) => item.name;

function without<T extends object, K extends keyof T>(item: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = item;
  return rest;
}

/** What changed from one Blueprint to another, section by section, as system messages. */
export function describeChanges(before: Blueprint, after: Blueprint): SystemMessage[] {
  const changes: SystemMessage[] = [];
  const say = (change: SystemMessage) => changes.push(change);
  const reorder = (comparison: Comparison<unknown>, section: Section) => {
    if (comparison.reordered) say(phrase.reorders(section));
  };

  if (before.$schema !== after.$schema) say(phrase.changesSchemaLink());

  const platformBefore = before.platform;
  const platformAfter = after.platform;
  if (platformBefore.name !== platformAfter.name) say(phrase.renamesPlatform(platformAfter.name));
  for (const key of ['slug', 'description', 'domain'] as const) {
    if (platformBefore[key] !== platformAfter[key]) say(phrase.changesPlatform(key));
  }
  const locales = compareBy(platformBefore.locales, platformAfter.locales, String);
  for (const locale of locales.added) say(phrase.addsLocale(locale));
  for (const locale of locales.removed) say(phrase.removesLocale(locale));
  reorder(locales, 'locales');
  if (platformBefore.defaultLocale !== platformAfter.defaultLocale) {
    say(phrase.defaultLocale(platformAfter.defaultLocale));
  }
  const regimes = compareBy(platformBefore.compliance, platformAfter.compliance, String);
  for (const regime of regimes.added) say(phrase.addsRegime(regime));
  for (const regime of regimes.removed) say(phrase.removesRegime(regime));

  const entities = compareBy(before.entities, after.entities, byName);
  for (const entity of entities.added) say(phrase.addsEntity(entity.name, entity.fields.length));
  for (const entity of entities.removed) say(phrase.removesEntity(entity.name));
  for (const [old, now] of entities.kept) {
    if (!deepEqual(without(old, 'fields'), without(now, 'fields'))) say(phrase.changesEntity(now.name));
    const fields = compareBy(old.fields, now.fields, byName);
    for (const field of fields.added) say(phrase.addsField(now.name, field.name, field.type));
    for (const field of fields.removed) say(phrase.removesField(now.name, field.name));
    for (const [oldField, newField] of fields.kept) {
      if (!deepEqual(oldField, newField)) say(phrase.changesField(now.name, newField.name));
    }
    if (fields.reordered) say(phrase.reordersFields(now.name));
  }
  reorder(entities, 'entities');

  const relations = compareBy(before.relations, after.relations, (item) => `${item.from}.${item.name}`);
  for (const item of relations.added) say(phrase.addsRelation(item.from, item.name, item.to, item.kind));
  for (const item of relations.removed) say(phrase.removesRelation(item.from, item.name));
  for (const [old, now] of relations.kept) {
    if (!deepEqual(old, now)) say(phrase.changesRelation(now.from, now.name));
  }
  reorder(relations, 'relations');

  const roles = compareBy(before.roles, after.roles, byName);
  for (const role of roles.added) say(phrase.addsRole(role.name));
  for (const role of roles.removed) say(phrase.removesRole(role.name));
  for (const [old, now] of roles.kept) if (!deepEqual(old, now)) say(phrase.changesRole(now.name));
  reorder(roles, 'roles');

  const permissions = compareBy(before.permissions, after.permissions, (item) => `${item.role}\n${item.entity}`);
  for (const grant of permissions.added) {
    say(phrase.grants(grant.role, grant.actions, grant.entity));
    if (grant.rows.scope === 'own') say(phrase.rowRule(grant.role, grant.entity, grant.rows));
  }
  for (const grant of permissions.removed) say(phrase.revokes(grant.role, grant.actions, grant.entity));
  for (const [old, now] of permissions.kept) {
    const granted = now.actions.filter((action) => !old.actions.includes(action));
    const revoked = old.actions.filter((action) => !now.actions.includes(action));
    if (granted.length > 0) say(phrase.grants(now.role, granted, now.entity));
    if (revoked.length > 0) say(phrase.revokes(now.role, revoked, now.entity));
    if (!deepEqual(old.rows, now.rows)) say(phrase.rowRule(now.role, now.entity, now.rows));
  }
  reorder(permissions, 'permissions');

  const pages = compareBy(before.pages, after.pages, byName);
  for (const page of pages.added) say(phrase.addsPage(page.name, page.kind, page.entity));
  for (const page of pages.removed) say(phrase.removesPage(page.name));
  for (const [old, now] of pages.kept) if (!deepEqual(old, now)) say(phrase.changesPage(now.name));
  reorder(pages, 'pages');

  const menu = compareBy(before.navigation, after.navigation, (item) => item.page);
  for (const item of menu.added) say(phrase.addsMenuEntry(item.page));
  for (const item of menu.removed) say(phrase.removesMenuEntry(item.page));
  for (const [old, now] of menu.kept) if (!deepEqual(old, now)) say(phrase.changesMenuEntry(now.page));
  reorder(menu, 'navigation');

  if (before.api.crud !== after.api.crud) say(phrase.crud(after.api.crud));
  const endpoints = compareBy(before.api.endpoints, after.api.endpoints, byName);
  for (const item of endpoints.added) say(phrase.addsEndpoint(item.method, item.path));
  for (const item of endpoints.removed) say(phrase.removesEndpoint(item.method, item.path));
  for (const [old, now] of endpoints.kept) if (!deepEqual(old, now)) say(phrase.changesEndpoint(now.method, now.path));
  reorder(endpoints, 'endpoints');

  const integrations = compareBy(
    before.integrations,
    after.integrations,
    (item) => `${item.category}:${item.provider}`,
  );
  for (const item of integrations.added) say(phrase.addsIntegration(item.category, item.provider));
  for (const item of integrations.removed) say(phrase.removesIntegration(item.category, item.provider));
  for (const [old, now] of integrations.kept) {
    if (!deepEqual(old, now)) say(phrase.changesIntegration(now.category, now.provider));
  }
  reorder(integrations, 'integrations');
  return changes;
}

function summary(changes: SystemMessage[]): BlueprintPatchSummary {
  const message = summaryMessage(changes.length === 0 ? [phrase.noChanges()] : changes);
  return { message, changes, en: formatMessage(message, 'en'), ar: formatMessage(message, 'ar') };
}

/**
 * A patch described for people, as system messages (and their words in English and Arabic): "adds entity Invoice with 4 fields; grants
 * Accountant read on Invoice". Describes what the patch does to `blueprint`, not its operations, so
 * moves and copies read as what they achieve. A patch that does not apply says why.
 */
export function summarizePatch(blueprint: BlueprintInput | Blueprint, patch: unknown): BlueprintPatchSummary {
  const operations = BlueprintPatch.safeParse(patch);
  if (!operations.success) return summary([phrase.doesNotApply(patchFailureMessage({ code: 'INVALID_PATCH' }))]);
  if (!Blueprint.safeParse(blueprint).success)
    return summary([phrase.doesNotApply(patchFailureMessage({ code: 'INVALID_BASE' }))]);
  const before = normalizeBlueprint(blueprint);
  const outcome = applyJsonPatch(before as unknown as JsonValue, operations.data);
  if (!outcome.ok) {
    const op = operations.data[outcome.opIndex]?.op ?? '';
    const params = { op: outcome.opIndex + 1, name: op, pointer: outcome.pointer };
    return summary([phrase.doesNotApply(patchFailureMessage({ code: outcome.code, params }))]);
  }
  const after = Blueprint.safeParse(outcome.document);
  if (!after.success) return summary([phrase.invalidResult()]);
  return summary(describeChanges(before, normalizeBlueprint(after.data)));
}
