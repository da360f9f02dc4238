import type {
  Blueprint,
  BlueprintEntity,
  BlueprintField,
  ComplianceRegime,
  IntegrationCategory,
  Labels,
  PermissionAction,
  RelationKind,
} from '../../contracts/index.js';
import { type Bilingual, type EntityTemplate, type FieldTemplate, lettersToActions } from './catalogue-types.js';
import { entityTemplate, integrationCatalogue, relationCatalogue, roleTemplate } from './domain-catalogue.js';
import { fieldTemplate } from './field-lexicon.js';
import type { Region } from './intent.js';
import { kebab, lowerFirst, pluralName } from './names.js';

/** A Blueprint being built or changed in place; every list is present. */
export type Draft = Blueprint;

/** What labels and money fields need to know about the platform. */
export interface DraftSettings {
  locales: readonly string[];
  currency: string;
  region?: Region;
}

const allActions: PermissionAction[] = ['create', 'read', 'update', 'delete', 'list'];

/** Labels for every declared locale: Arabic where the locale is Arabic, English elsewhere. */
export function labelsOf(text: Bilingual, locales: readonly string[]): Labels {
  return Object.fromEntries(locales.map((locale) => [locale, locale.split('-')[0] === 'ar' ? text.ar : text.en]));
}

function buildField(template: FieldTemplate, settings: DraftSettings): BlueprintField {
  const field: BlueprintField = {
    name: template.name,
    type: template.type,
    label: labelsOf(template.label, settings.locales),
    classification: template.classification,
    required: template.required ?? false,
    unique: template.unique ?? false,
  };
  if (template.min !== undefined) field.min = template.min;
  if (template.max !== undefined) field.max = template.max;
  if (template.values !== undefined) {
    field.values = template.values.map((value) => ({
      name: value.name,
      label: labelsOf(value.label, settings.locales),
    }));
  }
  if (template.type === 'money') field.currency = settings.currency;
  return field;
}

function findEntity(draft: Draft, name: string): BlueprintEntity | undefined {
  return draft.entities.find((entity) => entity.name === name);
}

/** Names already used by an entity's fields and relation ends (case folded, as columns are). */
function memberNames(draft: Draft, entity: string): Set<string> {
  const names = new Set(findEntity(draft, entity)?.fields.map((field) => field.name.toLowerCase()));
  for (const relation of draft.relations) {
    if (relation.from === entity) names.add(relation.name.toLowerCase());
    if (relation.to === entity) names.add(relation.inverse.toLowerCase());
  }
  return names;
}

/** Adds a catalogue field to an entity, unless the entity already has a member by that name. */
export function addField(draft: Draft, entityName: string, fieldName: string, settings: DraftSettings): boolean {
  const entity = findEntity(draft, entityName);
  if (entity === undefined || memberNames(draft, entityName).has(fieldName.toLowerCase())) return false;
  entity.fields.push(buildField(fieldTemplate(fieldName), settings));
  return true;
}

/** Adds a catalogue entity with its fields, pages, menu entry and the administrator's grant. */
export function addEntity(
  draft: Draft,
  name: string,
  settings: DraftSettings,
  template: EntityTemplate | undefined = entityTemplate(name),
): boolean {
  if (template === undefined || draft.entities.some((entity) => entity.name.toLowerCase() === name.toLowerCase())) {
    return false;
  }
  draft.entities.push({
    name,
    label: labelsOf(template.label, settings.locales),
    pluralLabel: labelsOf(template.plural, settings.locales),
    fields: [],
    displayField: template.fields[0],
  });
  for (const field of template.fields) addField(draft, name, field, settings);
  addPages(draft, name, template.label, template.plural, template.icon, settings);
  if (draft.roles.some((role) => role.name === 'Admin')) grant(draft, 'Admin', name, allActions);
  return true;
}

function addPages(
  draft: Draft,
  entity: string,
  label: Bilingual,
  plural: Bilingual,
  icon: string,
  settings: DraftSettings,
): void {
  const base = lowerFirst(entity);
  const pages = [
    { name: `${base}List`, kind: 'list' as const, title: plural },
    { name: `${base}Detail`, kind: 'detail' as const, title: { en: `${label.en} details`, ar: `تفاصيل ${label.ar}` } },
    { name: `${base}Form`, kind: 'form' as const, title: { en: `${label.en} form`, ar: `نموذج ${label.ar}` } },
  ];
  for (const page of pages) {
    if (draft.pages.some((existing) => existing.name.toLowerCase() === page.name.toLowerCase())) continue;
    draft.pages.push({
      name: page.name,
      kind: page.kind,
      entity,
      title: labelsOf(page.title, settings.locales),
      roles: [],
    });
  }
  const list = `${base}List`;
  if (!draft.navigation.some((item) => item.page === list)) draft.navigation.push({ page: list, icon });
}

export function addDashboard(draft: Draft, settings: DraftSettings): void {
  if (draft.pages.some((page) => page.name === 'dashboard')) return;
  draft.pages.unshift({
    name: 'dashboard',
    kind: 'dashboard',
    title: labelsOf({ en: 'Dashboard', ar: 'لوحة التحكم' }, settings.locales),
    roles: [],
  });
  draft.navigation.unshift({ page: 'dashboard', icon: 'layout-dashboard' });
}

/** A one-to-many (or many-to-many) relation `from` → `to`, named after the entities; skipped on a name clash. */
export function addRelation(draft: Draft, from: string, to: string, kind: RelationKind = 'one-to-many'): boolean {
  if (!findEntity(draft, from) || !findEntity(draft, to) || from === to) return false;
  if (draft.relations.some((relation) => relation.from === from && relation.to === to)) return false;
  if (draft.relations.some((relation) => relation.from === to && relation.to === from)) return false;
  const name = lowerFirst(pluralName(to));
  const inverse = kind === 'many-to-many' ? lowerFirst(pluralName(from)) : lowerFirst(from);
  if (memberNames(draft, from).has(name.toLowerCase()) || memberNames(draft, to).has(inverse.toLowerCase())) {
    return false;
  }
  draft.relations.push({ name, kind, from, to, inverse, required: false, onDelete: 'restrict' });
  return true;
}

/** Every relation the catalogue knows between entities of the draft. */
export function addKnownRelations(draft: Draft): void {
  for (const relation of relationCatalogue) addRelation(draft, relation.from, relation.to, relation.kind);
}

export function addRole(draft: Draft, name: string, settings: DraftSettings): boolean {
  const template = roleTemplate(name);
  if (template === undefined || draft.roles.some((role) => role.name.toLowerCase() === name.toLowerCase())) {
    return false;
  }
  draft.roles.push({ name, label: labelsOf(template.label, settings.locales) });
  return true;
}

/** Grants `actions` to a role on an entity, merged into the role's existing grant. */
export function grant(draft: Draft, role: string, entity: string, actions: readonly PermissionAction[]): void {
  if (!findEntity(draft, entity) || !draft.roles.some((item) => item.name === role)) return;
  const existing = draft.permissions.find((permission) => permission.role === role && permission.entity === entity);
  if (existing) {
    existing.actions = allActions.filter((action) => existing.actions.includes(action) || actions.includes(action));
  } else {
    draft.permissions.push({
      role,
      entity,
      actions: allActions.filter((action) => actions.includes(action)),
      rows: { scope: 'all' },
    });
  }
}

export function grantLetters(draft: Draft, role: string, grants: Readonly<Record<string, string>>): void {
  for (const [entity, letters] of Object.entries(grants)) grant(draft, role, entity, lettersToActions(letters));
}

export function addCompliance(draft: Draft, regime: ComplianceRegime): void {
  if (!draft.platform.compliance.includes(regime)) draft.platform.compliance.push(regime);
}

/** Health data means HIPAA; card payments through a provider mean PCI-DSS scope. */
export function reconcileCompliance(draft: Draft): void {
  const holdsPhi = draft.entities.some((entity) => entity.fields.some((field) => field.classification === 'phi'));
  if (holdsPhi) addCompliance(draft, 'HIPAA');
}

const payable = ['Invoice', 'SalesOrder', 'Reservation', 'Lease'];
const remindable = ['Appointment', 'Reservation', 'Invoice'];

/** The roles that may call a custom endpoint on `entity`: those allowed to update it, else the administrator. */
function endpointRoles(draft: Draft, entity: string): string[] {
  const updaters = draft.permissions
    .filter((permission) => permission.entity === entity && permission.actions.includes('update'))
    .map((permission) => permission.role);
  if (updaters.length > 0) return [...new Set(updaters)];
  return draft.roles.slice(0, 1).map((role) => role.name);
}

/** "an appointment", "a payment": the summary of an endpoint reads as a sentence. */
function withArticle(entity: string): string {
  const noun = lowerFirst(entity);
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function addEndpoint(draft: Draft, name: string, entity: string, action: string, summary: string): void {
  const roles = endpointRoles(draft, entity);
  if (roles.length === 0 || draft.api.endpoints.some((endpoint) => endpoint.name === name)) return;
  const path = `/${kebab(pluralName(entity))}/:id/${action}`;
  draft.api.endpoints.push({ name, method: 'POST', path, roles, summary });
}

/** Declares an integration and the endpoints it brings (paying an invoice, sending a reminder). */
export function addIntegration(draft: Draft, category: IntegrationCategory, settings: DraftSettings): void {
  const template = integrationCatalogue.find((integration) => integration.category === category);
  if (template === undefined) return;
  if (!draft.integrations.some((integration) => integration.category === category)) {
    const provider = settings.region === 'gcc' ? template.provider.gcc : template.provider.global;
    draft.integrations.push({ category, provider, purpose: template.purpose });
  }
  for (const entity of draft.entities.map((item) => item.name)) {
    if (category === 'payment' && payable.includes(entity)) {
      addEndpoint(
        draft,
        `pay${entity}`,
        entity,
        'pay',
        `Starts the payment of ${withArticle(entity)} with the provider.`,
      );
    }
    if (category === 'sms' && remindable.includes(entity)) {
      addEndpoint(draft, `remind${entity}`, entity, 'remind', `Sends an SMS reminder about ${withArticle(entity)}.`);
    }
  }
}

/** Own-records rules keyed on a member that is gone fall back to all records. */
function releaseRowRules(draft: Draft, entity: string, member: string): void {
  for (const permission of draft.permissions) {
    if (permission.entity === entity && permission.rows.scope === 'own' && permission.rows.field === member) {
      permission.rows = { scope: 'all' };
    }
  }
}

export function removeField(draft: Draft, entityName: string, fieldName: string): boolean {
  const entity = findEntity(draft, entityName);
  if (entity === undefined || !entity.fields.some((field) => field.name === fieldName)) return false;
  entity.fields = entity.fields.filter((field) => field.name !== fieldName);
  if (entity.displayField === fieldName) {
    const first = entity.fields[0]?.name;
    if (first === undefined) delete entity.displayField;
    else entity.displayField = first;
  }
  releaseRowRules(draft, entityName, fieldName);
  return true;
}

/** Removes an entity with everything that points at it: relations, grants, pages, menu entries, its endpoints. */
export function removeEntity(draft: Draft, name: string): boolean {
  if (!findEntity(draft, name)) return false;
  for (const relation of draft.relations) {
    if (relation.from === name) releaseRowRules(draft, relation.to, relation.inverse);
  }
  draft.entities = draft.entities.filter((entity) => entity.name !== name);
  draft.relations = draft.relations.filter((relation) => relation.from !== name && relation.to !== name);
  draft.permissions = draft.permissions.filter((permission) => permission.entity !== name);
  const pages = new Set(draft.pages.filter((page) => page.entity === name).map((page) => page.name));
  draft.pages = draft.pages.filter((page) => !pages.has(page.name));
  draft.navigation = draft.navigation.filter((item) => !pages.has(item.page));
  const prefix = `/${kebab(pluralName(name))}/`;
  draft.api.endpoints = draft.api.endpoints.filter((endpoint) => !endpoint.path.startsWith(prefix));
  return true;
}
