import fc from 'fast-check';
import {
  type Blueprint,
  ComplianceRegime,
  DeleteRule,
  FieldType,
  HttpMethod,
  IntegrationCategory,
  PageKind,
  PermissionAction,
  PlatformDomain,
  RelationKind,
} from '../../src/contracts/index.js';
import { normalizeBlueprint } from '../../src/index.js';

/**
 * Valid Blueprints for property tests. A generated document is assembled from names drawn from
 * small pools (so that two Blueprints share entities, fields and roles and their diff is
 * interesting), then `prune` drops whatever refers to something absent, so every value is valid.
 */

const entityPool = ['Invoice', 'Patient', 'Course', 'Permit', 'Payment', 'Student', 'Ticket', 'Vendor'];
const fieldPool = [
  'title',
  'amount',
  'dueDate',
  'notes',
  'status',
  'email',
  'phone',
  'score',
  'code',
  'startsAt',
  'website',
  'metadata',
];
const rolePool = ['Admin', 'Accountant', 'Doctor', 'Clerk', 'Auditor'];
const localePool = ['en', 'ar', 'fr'];
const valuePool = ['low', 'medium', 'high', 'open', 'closed'];
const textTypes = new Set(['string', 'text', 'email', 'phone', 'url']);
const boundedTypes = new Set([...textTypes, 'int', 'decimal', 'money']);

const labelText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('فاتورة', 'مريض', 'دور', 'Ä/~ö'),
);
const labels = fc.record({ en: labelText, ar: labelText, fr: labelText });

const enumValue = (name: string) => labels.map((label) => ({ name, label }));

const field = fc
  .record({
    name: fc.constantFrom(...fieldPool),
    type: fc.constantFrom(...FieldType.options),
    label: labels,
    classification: fc.constantFrom('public', 'internal', 'pii', 'phi', 'secret' as const),
    required: fc.boolean(),
    unique: fc.boolean(),
    bounds: fc.option(fc.tuple(fc.nat({ max: 50 }), fc.nat({ max: 50 }), fc.boolean())),
    pattern: fc.option(fc.constantFrom('^[a-z]+$', '^\\d{3}$', 'x~/y')),
    currency: fc.option(fc.constantFrom('USD', 'SAR')),
    values: fc
      .uniqueArray(fc.constantFrom(...valuePool), { minLength: 1, maxLength: 3 })
      .chain((names) => fc.tuple(...names.map(enumValue))),
  })
  .map(({ bounds, pattern, currency, values, ...rest }) => ({
    ...rest,
    unique: rest.unique && !['bool', 'json', 'file'].includes(rest.type),
    ...(bounds && boundedTypes.has(rest.type) && { min: Math.min(bounds[0], bounds[1]) }),
    ...(bounds?.[2] && boundedTypes.has(rest.type) && { max: Math.max(bounds[0], bounds[1]) }),
    ...(pattern && textTypes.has(rest.type) && { pattern }),
    ...(currency && rest.type === 'money' && { currency }),
    ...(rest.type === 'enum' && { values }),
  }));

const entity = fc.record({
  name: fc.constantFrom(...entityPool),
  label: labels,
  pluralLabel: labels,
  fields: fc.uniqueArray(field, { selector: (item) => item.name, maxLength: 5 }),
  displayField: fc.option(fc.constantFrom(...fieldPool), { nil: undefined }),
});

const index = fc.nat({ max: 20 });

const raw = fc.record({
  platform: fc.record({
    name: fc.string({ minLength: 1, maxLength: 20 }),
    slug: fc.constantFrom('alpha', 'beta-two', 'gamma-3'),
    description: fc.string({ maxLength: 20 }),
    domain: fc.constantFrom(...PlatformDomain.options),
    locales: fc.shuffledSubarray(localePool, { minLength: 1 }),
    defaultLocale: fc.constantFrom(...localePool),
    compliance: fc.shuffledSubarray(ComplianceRegime.options),
  }),
  entities: fc.uniqueArray(entity, { selector: (item) => item.name, maxLength: 5 }),
  relations: fc.array(
    fc.record({
      kind: fc.constantFrom(...RelationKind.options),
      from: index,
      to: index,
      required: fc.boolean(),
      onDelete: fc.constantFrom(...DeleteRule.options),
    }),
    { maxLength: 4 },
  ),
  roles: fc.uniqueArray(fc.record({ name: fc.constantFrom(...rolePool), label: labels }), {
    selector: (item) => item.name,
    maxLength: 4,
  }),
  permissions: fc.uniqueArray(
    fc.record({
      role: index,
      entity: index,
      actions: fc.shuffledSubarray(PermissionAction.options, { minLength: 1 }),
      own: fc.option(index),
    }),
    { maxLength: 8 },
  ),
  pages: fc.array(
    fc.record({
      kind: fc.constantFrom(...PageKind.options),
      entity: index,
      title: labels,
      roles: fc.array(index, { maxLength: 2 }),
    }),
    {
      maxLength: 6,
    },
  ),
  navigation: fc.array(fc.record({ page: index, icon: fc.option(fc.constantFrom('home', 'file-text')) }), {
    maxLength: 4,
  }),
  crud: fc.boolean(),
  endpoints: fc.array(
    fc.record({
      method: fc.constantFrom(...HttpMethod.options),
      roles: fc.array(index, { minLength: 1, maxLength: 2 }),
      summary: labelText,
    }),
    {
      maxLength: 3,
    },
  ),
  integrations: fc.uniqueArray(
    fc.record({
      category: fc.constantFrom(...IntegrationCategory.options),
      provider: fc.constantFrom('Acme', 'Globex', 'Initech'),
      purpose: labelText,
    }),
    { selector: (item) => `${item.category}:${item.provider}`, maxLength: 3 },
  ),
});

function at<T>(items: readonly T[], position: number): T | undefined {
  return items.length === 0 ? undefined : items[position % items.length];
}

/** Turns the raw draw (positions instead of names) into a Blueprint, then prunes it into a valid one. */
function assemble(draw: typeof raw extends fc.Arbitrary<infer R> ? R : never): Blueprint {
  const entityNames = draw.entities.map((item) => item.name);
  const roleNames = draw.roles.map((item) => item.name);
  const relations = draw.relations.flatMap((relation, k) => {
    const from = at(entityNames, relation.from);
    const to = at(entityNames, relation.to);
    if (!from || !to) return [];
    return [
      {
        name: `rel${k}`,
        kind: relation.kind,
        from,
        to,
        inverse: `inv${k}`,
        required: relation.required,
        onDelete: relation.onDelete,
      },
    ];
  });
  const cells = new Set<string>();
  const permissions = draw.permissions.flatMap((permission) => {
    const role = at(roleNames, permission.role);
    const target = at(draw.entities, permission.entity);
    if (!role || !target || cells.has(`${role}.${target.name}`)) return [];
    cells.add(`${role}.${target.name}`);
    const candidates = [
      ...target.fields.map((item) => item.name),
      ...relations.filter((item) => item.to === target.name).map((item) => item.inverse),
    ];
    const owner = permission.own === null ? undefined : at(candidates, permission.own);
    const rows = owner ? { scope: 'own' as const, field: owner } : { scope: 'all' as const };
    return [{ role, entity: target.name, actions: permission.actions, rows }];
  });
  const pages = draw.pages.map((page, k) => ({
    name: `page${k}`,
    kind: page.kind,
    ...(page.kind !== 'dashboard' || k % 2 === 0 ? { entity: at(entityNames, page.entity) ?? 'Missing' } : {}),
    title: page.title,
    roles: [...new Set(page.roles.flatMap((position) => at(roleNames, position) ?? []))],
  }));
  const draft = {
    schemaVersion: 1 as const,
    platform: draw.platform,
    entities: draw.entities,
    relations,
    roles: draw.roles,
    permissions,
    pages,
    navigation: [...new Set(draw.navigation.map((item) => item.page % Math.max(pages.length, 1)))].map(
      (position, k) => ({
        page: `page${position}`,
        ...(draw.navigation[k]?.icon ? { icon: draw.navigation[k]?.icon ?? '' } : {}),
      }),
    ),
    api: {
      crud: draw.crud,
      endpoints: draw.endpoints
        .map((endpoint, k) => ({
          name: `endpoint${k}`,
          method: endpoint.method,
          path: `/things${k}/:id/act`,
          roles: [...new Set(endpoint.roles.flatMap((position) => at(roleNames, position) ?? []))],
          summary: endpoint.summary,
        }))
        .filter((endpoint) => endpoint.roles.length > 0),
    },
    integrations: draw.integrations,
  };
  return prune(normalizeBlueprint(draft));
}

function only<T extends Record<string, string>>(labelsOf: T, locales: readonly string[]): Record<string, string> {
  return Object.fromEntries(locales.map((locale) => [locale, labelsOf[locale] ?? locale]));
}

/** Drops whatever a valid Blueprint could not hold: dangling references, phi without HIPAA, labels of absent locales. */
export function prune(blueprint: Blueprint): Blueprint {
  const { platform } = blueprint;
  const locales = platform.locales;
  const localize = <T extends { label: Record<string, string> }>(item: T) => ({
    ...item,
    label: only(item.label, locales),
  });
  const hipaa = platform.compliance.includes('HIPAA');
  const entities = blueprint.entities.map((item) => {
    const fields = item.fields.map((fieldItem) => ({
      ...localize(fieldItem),
      classification: fieldItem.classification === 'phi' && !hipaa ? ('pii' as const) : fieldItem.classification,
      ...(fieldItem.values && { values: fieldItem.values.map(localize) }),
    }));
    const { displayField, ...rest } = item;
    return {
      ...localize(rest),
      pluralLabel: only(item.pluralLabel, locales),
      fields,
      ...(displayField !== undefined &&
        fields.some((fieldItem) => fieldItem.name === displayField) && { displayField }),
    };
  });
  const entityNames = new Set(entities.map((item) => item.name));
  const roleNames = new Set(blueprint.roles.map((item) => item.name));
  const relations = blueprint.relations.filter((item) => entityNames.has(item.from) && entityNames.has(item.to));
  const ownerKeys = (name: string) =>
    new Set([
      ...(entities.find((item) => item.name === name)?.fields.map((fieldItem) => fieldItem.name) ?? []),
      ...relations.filter((item) => item.to === name && item.kind !== 'many-to-many').map((item) => item.inverse),
    ]);
  const pages = blueprint.pages
    .filter((page) => (page.entity === undefined ? page.kind === 'dashboard' : entityNames.has(page.entity)))
    .map((page) => ({
      ...page,
      title: only(page.title, locales),
      roles: page.roles.filter((role) => roleNames.has(role)),
    }));
  const pageKinds = new Map(pages.map((page) => [page.name, page.kind]));
  return {
    ...blueprint,
    platform: {
      ...platform,
      defaultLocale: locales.includes(platform.defaultLocale) ? platform.defaultLocale : (locales[0] ?? 'en'),
    },
    entities,
    relations: relations.map((item) =>
      item.onDelete === 'set-null' && (item.required || item.kind === 'many-to-many')
        ? { ...item, onDelete: 'cascade' as const }
        : item,
    ),
    roles: blueprint.roles.map(localize),
    permissions: blueprint.permissions
      .filter((item) => roleNames.has(item.role) && entityNames.has(item.entity))
      .map((item) =>
        item.rows.scope === 'own' && !ownerKeys(item.entity).has(item.rows.field)
          ? { ...item, rows: { scope: 'all' as const } }
          : item,
      ),
    pages,
    navigation: blueprint.navigation.filter((item) => {
      const kind = pageKinds.get(item.page);
      return kind !== undefined && kind !== 'detail';
    }),
    api: {
      ...blueprint.api,
      endpoints: blueprint.api.endpoints
        .map((item) => ({ ...item, roles: item.roles.filter((role) => roleNames.has(role)) }))
        .filter((item) => item.roles.length > 0),
    },
  };
}

/**
 * A small deterministic random source (mulberry32), so a view of a Blueprint, or a run of the sync fuzz,
 * is reproducible from its seed.
 */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Another Blueprint made from `blueprint` the way people edit one: some named things dropped, some
 * lists reordered, a few labels, flags and grants changed. Pruned, so it is valid too.
 */
export function variantOf(blueprint: Blueprint, seed: number): Blueprint {
  const random = randomSource(seed);
  const chance = (p: number) => random() < p;
  const some = <T>(items: readonly T[]): T[] => {
    const kept = items.filter(() => chance(0.8));
    if (!chance(0.3)) return kept;
    for (let i = kept.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [kept[i], kept[j]] = [kept[j] as T, kept[i] as T];
    }
    return kept;
  };
  const relabel = <T extends Record<string, string>>(value: T): T =>
    chance(0.15) ? (Object.fromEntries(Object.entries(value).map(([key, text]) => [key, `${text}*`])) as T) : value;
  const locales = some(blueprint.platform.locales);
  return prune({
    ...blueprint,
    platform: {
      ...blueprint.platform,
      name: chance(0.1) ? `${blueprint.platform.name} 2` : blueprint.platform.name,
      locales: locales.length > 0 ? locales : blueprint.platform.locales,
      compliance: some(blueprint.platform.compliance),
    },
    entities: some(blueprint.entities).map((item) => ({
      ...item,
      label: relabel(item.label),
      fields: some(item.fields).map((fieldItem) => ({
        ...fieldItem,
        label: relabel(fieldItem.label),
        required: chance(0.15) ? !fieldItem.required : fieldItem.required,
      })),
    })),
    relations: some(blueprint.relations),
    roles: some(blueprint.roles).map((role) => ({ ...role, label: relabel(role.label) })),
    permissions: some(blueprint.permissions).map((item) => {
      const actions = some(item.actions);
      return { ...item, actions: actions.length > 0 ? actions : item.actions };
    }),
    pages: some(blueprint.pages).map((page) => ({ ...page, title: relabel(page.title) })),
    navigation: some(blueprint.navigation),
    api: { crud: chance(0.1) ? !blueprint.api.crud : blueprint.api.crud, endpoints: some(blueprint.api.endpoints) },
    integrations: some(blueprint.integrations),
  });
}

export const validBlueprint: fc.Arbitrary<Blueprint> = raw.map(assemble);

/** Two valid Blueprints with much in common: a generated one and a variant of it, in either order. */
export const relatedBlueprints: fc.Arbitrary<[Blueprint, Blueprint]> = fc
  .tuple(validBlueprint, fc.integer(), fc.boolean())
  .map(([blueprint, seed, flip]) => {
    const variant = variantOf(blueprint, seed);
    return flip ? [variant, blueprint] : [blueprint, variant];
  });
