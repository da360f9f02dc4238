import { normalizeBlueprint } from '../../blueprint/index.js';
import { BLUEPRINT_SCHEMA_VERSION, type Blueprint } from '../../contracts/index.js';
import {
  addCompliance,
  addDashboard,
  addEntity,
  addField,
  addIntegration,
  addKnownRelations,
  addRelation,
  addRole,
  type Draft,
  type DraftSettings,
  grant,
  grantLetters,
  reconcileCompliance,
} from './blueprint-draft.js';
import { lettersToActions } from './catalogue-types.js';
import { domainTemplate, genericEntity } from './domain-catalogue.js';
import type { PlannerIntent } from './intent.js';
import { kebab } from './names.js';

/** The UI locales: the request's language first, the other one too when asked for or usual in the region. */
export function localesFor(intent: PlannerIntent): string[] {
  const other = intent.primaryLocale === 'ar' ? 'en' : 'ar';
  return intent.bilingual || intent.region === 'gcc' ? [intent.primaryLocale, other] : [intent.primaryLocale];
}

export function currencyFor(intent: Pick<PlannerIntent, 'region' | 'primaryLocale'>): string {
  if (intent.region === 'gcc') return 'SAR';
  if (intent.region === 'eu') return 'EUR';
  return intent.primaryLocale === 'ar' && intent.region === undefined ? 'SAR' : 'USD';
}

/** Applies what a request names (entities, fields, relations, roles, grants, compliance, integrations) to a draft. */
export function applyIntent(draft: Draft, intent: PlannerIntent, settings: DraftSettings): void {
  const named = [
    ...intent.entities,
    ...intent.fields.flatMap((field) => (field.entity ? [field.entity] : [])),
    ...intent.relations.flatMap((relation) => [relation.from, relation.to]),
    ...intent.grants.map((item) => item.entity),
  ];
  for (const custom of intent.customEntities) {
    addEntity(draft, custom.name, settings, genericEntity(custom.name, custom.label, custom.plural));
  }
  for (const entity of named) addEntity(draft, entity, settings);
  for (const field of intent.fields) if (field.entity) addField(draft, field.entity, field.field, settings);
  for (const relation of intent.relations) addRelation(draft, relation.from, relation.to);
  addKnownRelations(draft);
  const domain = domainTemplate(intent.domain);
  for (const role of intent.roles) {
    if (!addRole(draft, role, settings)) continue;
    const template = domain.roles.find((item) => item.role === role);
    if (template) grantLetters(draft, role, template.grants);
    else for (const entity of draft.entities) grant(draft, role, entity.name, lettersToActions('rl'));
  }
  for (const item of intent.grants) {
    addRole(draft, item.role, settings);
    grant(draft, item.role, item.entity, item.actions);
  }
  for (const regime of intent.compliance) addCompliance(draft, regime);
  for (const category of intent.integrations) addIntegration(draft, category, settings);
  reconcileCompliance(draft);
}

/** A whole Blueprint from a request about a new platform: the domain's core, plus everything named. */
export function composeBlueprint(intent: PlannerIntent, prompt: string): Blueprint {
  const domain = domainTemplate(intent.domain);
  const locales = localesFor(intent);
  const settings: DraftSettings = {
    locales,
    currency: currencyFor(intent),
    ...(intent.region ? { region: intent.region } : {}),
  };
  const draft: Draft = {
    schemaVersion: BLUEPRINT_SCHEMA_VERSION,
    platform: {
      name: domain.name[intent.primaryLocale],
      slug: kebab(domain.name.en),
      description: prompt.replace(/\s+/g, ' ').trim().slice(0, 4000),
      domain: domain.platformDomain,
      locales,
      defaultLocale: intent.primaryLocale,
      compliance: [],
    },
    entities: [],
    relations: [],
    roles: [],
    permissions: [],
    pages: [],
    navigation: [],
    api: { crud: true, endpoints: [] },
    integrations: [],
  };
  addDashboard(draft, settings);
  addRole(draft, 'Admin', settings);
  for (const entity of domain.core) addEntity(draft, entity, settings);
  for (const role of domain.roles) {
    addRole(draft, role.role, settings);
  }
  applyIntent(draft, intent, settings);
  for (const role of domain.roles) grantLetters(draft, role.role, role.grants);
  return normalizeBlueprint(draft);
}
