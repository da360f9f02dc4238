import type {
  Blueprint,
  BlueprintEndpoint,
  BlueprintEntity,
  BlueprintField,
  ComplianceRegime,
  DeleteRule,
  Labels,
  PageKind,
  PermissionAction,
} from '../../contracts/blueprint.js';
import { fieldTs, fieldTypes, fieldZod } from './field-types.js';
import { camel, kebab, pascal, plural, snake } from './naming.js';

/**
 * The Blueprint seen from the generator: every name a template needs (tables, columns, files,
 * routes, types) worked out once, so templates only arrange text.
 */

export interface FieldModel {
  readonly name: string;
  readonly column: string;
  readonly source: BlueprintField;
  readonly type: BlueprintField['type'];
  readonly label: Labels;
  readonly required: boolean;
  readonly unique: boolean;
  /** Health data under HIPAA: stored encrypted, every read logged. */
  readonly phi: boolean;
  /** Never sent back by the API (write-only). */
  readonly secret: boolean;
  /** Personal data: exported and erased on a data subject's request under GDPR/PDPL. */
  readonly personal: boolean;
  readonly zod: string;
  readonly ts: string;
}

/** A reference this entity holds to another (the `inverse` end of a one-to-one or one-to-many). */
export interface ReferenceModel {
  readonly name: string;
  readonly column: string;
  readonly target: string;
  readonly required: boolean;
  readonly unique: boolean;
  readonly onDelete: DeleteRule;
}

/** How an "own records only" rule recognises the signed-in user's records. */
export type OwnerMatch = 'person' | 'email' | 'user';
export interface OwnRule {
  readonly key: string;
  readonly match: OwnerMatch;
  readonly column: string;
  /** Whether the key is a text column (a `user` match on other types compares as text). */
  readonly textual: boolean;
}

export interface GrantModel {
  readonly actions: readonly PermissionAction[];
  readonly own?: OwnRule;
}

export interface PageModel {
  readonly title: Labels;
  /** Roles allowed to open the page; empty means every role with the needed grant. */
  readonly roles: readonly string[];
}

export interface EntityModel {
  readonly name: string;
  /** The TypeScript type of a record: the entity's name, unless generated code already uses that name. */
  readonly typeName: string;
  readonly source: BlueprintEntity;
  readonly label: Labels;
  readonly pluralLabel: Labels;
  readonly table: string;
  readonly tableVar: string;
  /** File name without extension: `permit-type`. */
  readonly file: string;
  /** URL segment: `permit-types`. */
  readonly route: string;
  readonly fields: readonly FieldModel[];
  readonly references: readonly ReferenceModel[];
  readonly displayField: string;
  readonly grants: ReadonlyMap<string, GrantModel>;
  readonly ownRules: readonly OwnRule[];
  readonly pages: Readonly<Record<'list' | 'detail' | 'form', PageModel>>;
  readonly hasPhi: boolean;
}

export interface LinkModel {
  readonly name: string;
  readonly table: string;
  readonly tableVar: string;
  readonly from: string;
  readonly to: string;
}

export interface NavigationEntry {
  readonly key: string;
  readonly title: Labels;
  readonly href: string;
  readonly icon?: string;
  readonly roles: readonly string[];
  /** The entity and action a role needs for the entry to show, if any. */
  readonly needs?: { entity: string; action: PermissionAction };
}

export interface DashboardModel {
  readonly name: string;
  readonly title: Labels;
  readonly roles: readonly string[];
  readonly href: string;
  readonly component: string;
}

/** The controls a compliance regime switches on in generated code. */
export interface ComplianceControls {
  readonly phiEncryption: boolean;
  readonly phiAccessLog: boolean;
  readonly consent: boolean;
  readonly dataSubjectRights: boolean;
  readonly cardDataGuard: boolean;
  readonly readAudit: boolean;
}

const controlsByRegime: Partial<Record<ComplianceRegime, Array<keyof ComplianceControls>>> = {
  HIPAA: ['phiEncryption', 'phiAccessLog'],
  GDPR: ['consent', 'dataSubjectRights'],
  PDPL: ['consent', 'dataSubjectRights'],
  'PCI-DSS': ['cardDataGuard', 'readAudit'],
};

export interface PlatformModel {
  readonly blueprint: Blueprint;
  readonly name: string;
  readonly slug: string;
  readonly description: string;
  readonly locales: readonly string[];
  readonly defaultLocale: string;
  readonly compliance: readonly ComplianceRegime[];
  readonly controls: ComplianceControls;
  readonly entities: readonly EntityModel[];
  readonly links: readonly LinkModel[];
  readonly roles: ReadonlyArray<{ name: string; label: Labels }>;
  /** The role that manages accounts: the one granted the most actions (the first on a tie). */
  readonly accountAdminRole: string | undefined;
  readonly navigation: readonly NavigationEntry[];
  readonly dashboards: readonly DashboardModel[];
  readonly endpoints: readonly BlueprintEndpoint[];
  entity(name: string): EntityModel;
}

/** Names generated modules import or declare next to an entity's record type. */
const generatedTypeNames = new Set(
  `App AppContextValue CountCard CreateInput CurrentUser EntityMeta FieldInput FieldSpec FormEvent FormValues Grant
  HttpError Insert JsonValue Locale Page ReactNode RequestContext Route Row SQL SessionUser SignInPage StrictMode
  UpdateInput Values`.split(/\s+/),
);

export function buildPlatformModel(blueprint: Blueprint): PlatformModel {
  const { platform } = blueprint;
  const regimes = new Set(platform.compliance.flatMap((regime) => controlsByRegime[regime] ?? []));
  const controls: ComplianceControls = {
    phiEncryption: regimes.has('phiEncryption'),
    phiAccessLog: regimes.has('phiAccessLog'),
    consent: regimes.has('consent'),
    dataSubjectRights: regimes.has('dataSubjectRights'),
    cardDataGuard: regimes.has('cardDataGuard'),
    readAudit: regimes.has('readAudit'),
  };
  const routes = new Set<string>();
  const entities = blueprint.entities.map((entity) => buildEntity(blueprint, entity, controls, routes));
  const byName = new Map(entities.map((entity) => [entity.name, entity]));
  const links = blueprint.relations
    .filter((relation) => relation.kind === 'many-to-many')
    .map((relation) => ({
      name: relation.name,
      table: `${snake(relation.from)}__${snake(relation.name)}`,
      tableVar: `${camel(relation.from)}${pascal(relation.name)}Link`,
      from: relation.from,
      to: relation.to,
    }));
  const dashboards = blueprint.pages
    .filter((page) => page.kind === 'dashboard')
    .map((page, index) => ({
      name: page.name,
      title: page.title,
      roles: page.roles,
      href: index === 0 ? '/' : `/dashboards/${kebab(page.name)}`,
      component: `${pascal(page.name)}Dashboard`,
    }));
  return {
    blueprint,
    name: platform.name,
    slug: platform.slug,
    description: platform.description,
    locales: platform.locales,
    defaultLocale: platform.defaultLocale,
    compliance: platform.compliance,
    controls,
    entities,
    links,
    roles: blueprint.roles,
    accountAdminRole: accountAdminRole(blueprint),
    navigation: navigation(blueprint, byName, dashboards),
    dashboards,
    endpoints: blueprint.api.endpoints,
    entity(name) {
      const found = byName.get(name);
      if (!found) throw new Error(`unknown entity ${name}`);
      return found;
    },
  };
}

function buildEntity(
  blueprint: Blueprint,
  entity: BlueprintEntity,
  controls: ComplianceControls,
  routes: Set<string>,
): EntityModel {
  const fields = entity.fields.map((field): FieldModel => {
    const phi = field.classification === 'phi' && controls.phiEncryption;
    return {
      name: field.name,
      column: snake(field.name),
      source: field,
      type: field.type,
      label: field.label,
      required: field.required,
      unique: field.unique,
      phi,
      secret: field.classification === 'secret',
      personal: field.classification === 'pii' || field.classification === 'phi',
      zod: fieldZod(field),
      ts: field.type === 'json' ? 'JsonValue' : fieldTsOf(field),
    };
  });
  const references = blueprint.relations
    .filter((relation) => relation.to === entity.name && relation.kind !== 'many-to-many')
    .map((relation) => ({
      name: relation.inverse,
      column: snake(relation.inverse),
      target: relation.from,
      required: relation.required,
      unique: relation.kind === 'one-to-one',
      onDelete: relation.onDelete,
    }));
  const grants = new Map<string, GrantModel>();
  const ownRules = new Map<string, OwnRule>();
  for (const permission of blueprint.permissions) {
    if (permission.entity !== entity.name) continue;
    let own: OwnRule | undefined;
    if (permission.rows.scope === 'own') {
      own = ownRule(permission.rows.field, fields, references);
      ownRules.set(own.key, own);
    }
    grants.set(permission.role, { actions: permission.actions, ...(own && { own }) });
  }
  const base = kebab(entity.name);
  let route = plural(base);
  if (routes.has(route)) route = base;
  routes.add(route);
  const displayField = entity.displayField ?? entity.fields[0]?.name ?? 'id';
  return {
    name: entity.name,
    typeName: generatedTypeNames.has(entity.name) ? `${entity.name}Record` : entity.name,
    source: entity,
    label: entity.label,
    pluralLabel: entity.pluralLabel,
    table: snake(entity.name),
    tableVar: `${camel(entity.name)}Table`,
    file: base,
    route,
    fields,
    references,
    displayField,
    grants,
    ownRules: [...ownRules.values()],
    pages: {
      list: pageOf(blueprint, entity, 'list', entity.pluralLabel),
      detail: pageOf(blueprint, entity, 'detail', entity.label),
      form: pageOf(blueprint, entity, 'form', entity.label),
    },
    hasPhi: fields.some((field) => field.phi),
  };
}

function fieldTsOf(field: BlueprintField): string {
  return field.type === 'enum' ? fieldTs(field) : fieldTypes[field.type].ts;
}

function ownRule(key: string, fields: readonly FieldModel[], references: readonly ReferenceModel[]): OwnRule {
  const reference = references.find((item) => item.name === key);
  if (reference) return { key, match: 'person', column: reference.column, textual: false };
  const field = fields.find((item) => item.name === key);
  const textual = field !== undefined && fieldTypes[field.type].ts === 'string' && !field.phi;
  return { key, match: field?.type === 'email' ? 'email' : 'user', column: snake(key), textual };
}

function pageOf(blueprint: Blueprint, entity: BlueprintEntity, kind: PageKind, fallback: Labels): PageModel {
  const page = blueprint.pages.find((item) => item.entity === entity.name && item.kind === kind);
  return { title: page?.title ?? fallback, roles: page?.roles ?? [] };
}

function accountAdminRole(blueprint: Blueprint): string | undefined {
  let best: { name: string; count: number } | undefined;
  for (const role of blueprint.roles) {
    const count = blueprint.permissions
      .filter((permission) => permission.role === role.name)
      .reduce((sum, permission) => sum + permission.actions.length, 0);
    if (!best || count > best.count) best = { name: role.name, count };
  }
  return best?.name;
}

function navigation(
  blueprint: Blueprint,
  entities: ReadonlyMap<string, EntityModel>,
  dashboards: readonly DashboardModel[],
): NavigationEntry[] {
  const items =
    blueprint.navigation.length > 0
      ? blueprint.navigation
      : [
          ...dashboards.map((dashboard) => ({ page: dashboard.name, icon: undefined })),
          ...blueprint.pages
            .filter((page) => page.kind === 'list')
            .map((page) => ({ page: page.name, icon: undefined })),
        ];
  const entries: NavigationEntry[] = [];
  for (const item of items) {
    const page = blueprint.pages.find((candidate) => candidate.name === item.page);
    if (!page || page.kind === 'detail') continue;
    const base = { key: page.name, title: page.title, roles: page.roles, ...(item.icon && { icon: item.icon }) };
    if (page.kind === 'dashboard') {
      const dashboard = dashboards.find((candidate) => candidate.name === page.name);
      if (dashboard) entries.push({ ...base, href: dashboard.href });
      continue;
    }
    const entity = page.entity ? entities.get(page.entity) : undefined;
    if (!entity) continue;
    entries.push(
      page.kind === 'list'
        ? { ...base, href: `/${entity.route}`, needs: { entity: entity.name, action: 'list' } }
        : { ...base, href: `/${entity.route}/new`, needs: { entity: entity.name, action: 'create' } },
    );
  }
  if (entries.length === 0) {
    for (const entity of entities.values()) {
      entries.push({
        key: `${camel(entity.name)}List`,
        title: entity.pluralLabel,
        href: `/${entity.route}`,
        roles: [],
        needs: { entity: entity.name, action: 'list' },
      });
    }
  }
  return entries;
}
