import type { PermissionAction, RowRule, SystemMessage } from '../contracts/index.js';

/**
 * The sentences a patch summary is made of, as system messages: a code (`SUMMARY_<WHAT>`) and the
 * values it names. Their words are the catalogues' (`contracts/messages/catalogue-<lang>.ts`).
 */

const message = (code: string, params?: SystemMessage['params']): SystemMessage =>
  params ? { code: `SUMMARY_${code}`, params } : { code: `SUMMARY_${code}` };

const actionList = (actions: readonly PermissionAction[]): SystemMessage[] =>
  actions.map((action) => message(`ACTION_${action.toUpperCase()}`));

export type Section =
  | 'locales'
  | 'entities'
  | 'relations'
  | 'roles'
  | 'permissions'
  | 'pages'
  | 'navigation'
  | 'endpoints'
  | 'integrations';

const section = (name: Section): SystemMessage => message(`SECTION_${name.toUpperCase()}`);

export const phrase = {
  renamesPlatform: (name: string) => message('RENAMES_PLATFORM', { name }),
  changesPlatform: (key: string) => message('CHANGES_PLATFORM', { key }),
  addsLocale: (locale: string) => message('ADDS_LOCALE', { locale }),
  removesLocale: (locale: string) => message('REMOVES_LOCALE', { locale }),
  defaultLocale: (locale: string) => message('DEFAULT_LOCALE', { locale }),
  addsRegime: (regime: string) => message('ADDS_REGIME', { regime }),
  removesRegime: (regime: string) => message('REMOVES_REGIME', { regime }),
  addsEntity: (name: string, fields: number) =>
    fields === 0 ? message('ADDS_ENTITY_EMPTY', { name }) : message('ADDS_ENTITY', { name, count: fields }),
  removesEntity: (name: string) => message('REMOVES_ENTITY', { name }),
  changesEntity: (name: string) => message('CHANGES_ENTITY', { name }),
  addsField: (entity: string, field: string, type: string) => message('ADDS_FIELD', { entity, field, type }),
  removesField: (entity: string, field: string) => message('REMOVES_FIELD', { entity, field }),
  changesField: (entity: string, field: string) => message('CHANGES_FIELD', { field: `${entity}.${field}` }),
  reordersFields: (entity: string) => message('REORDERS_FIELDS', { entity }),
  reorders: (name: Section) => message('REORDERS', { section: section(name) }),
  addsRelation: (from: string, name: string, to: string, kind: string) =>
    message('ADDS_RELATION', { relation: `${from}.${name}`, to, kind }),
  removesRelation: (from: string, name: string) => message('REMOVES_RELATION', { relation: `${from}.${name}` }),
  changesRelation: (from: string, name: string) => message('CHANGES_RELATION', { relation: `${from}.${name}` }),
  addsRole: (name: string) => message('ADDS_ROLE', { name }),
  removesRole: (name: string) => message('REMOVES_ROLE', { name }),
  changesRole: (name: string) => message('CHANGES_ROLE', { name }),
  grants: (role: string, actions: readonly PermissionAction[], entity: string) =>
    message('GRANTS', { role, actions: actionList(actions), entity }),
  revokes: (role: string, actions: readonly PermissionAction[], entity: string) =>
    message('REVOKES', { role, actions: actionList(actions), entity }),
  rowRule: (role: string, entity: string, rows: RowRule) =>
    rows.scope === 'own'
      ? message('OWN_ROWS', { role, entity, field: rows.field })
      : message('ALL_ROWS', { role, entity }),
  addsPage: (name: string, kind: string, entity: string | undefined) =>
    entity === undefined
      ? message('ADDS_PAGE', { name, kind })
      : message('ADDS_PAGE_OF_ENTITY', { name, kind, entity }),
  removesPage: (name: string) => message('REMOVES_PAGE', { name }),
  changesPage: (name: string) => message('CHANGES_PAGE', { name }),
  addsMenuEntry: (page: string) => message('ADDS_MENU_ENTRY', { page }),
  removesMenuEntry: (page: string) => message('REMOVES_MENU_ENTRY', { page }),
  changesMenuEntry: (page: string) => message('CHANGES_MENU_ENTRY', { page }),
  crud: (on: boolean) => message(on ? 'CRUD_ON' : 'CRUD_OFF'),
  addsEndpoint: (method: string, path: string) => message('ADDS_ENDPOINT', { endpoint: `${method} ${path}` }),
  removesEndpoint: (method: string, path: string) => message('REMOVES_ENDPOINT', { endpoint: `${method} ${path}` }),
  changesEndpoint: (method: string, path: string) => message('CHANGES_ENDPOINT', { endpoint: `${method} ${path}` }),
  addsIntegration: (category: string, provider: string) => message('ADDS_INTEGRATION', { category, provider }),
  removesIntegration: (category: string, provider: string) => message('REMOVES_INTEGRATION', { category, provider }),
  changesIntegration: (category: string, provider: string) => message('CHANGES_INTEGRATION', { category, provider }),
  changesSchemaLink: () => message('CHANGES_SCHEMA_LINK'),
  noChanges: () => message('NO_CHANGES'),
  doesNotApply: (reason: SystemMessage) => message('DOES_NOT_APPLY', { reason }),
  invalidResult: () => message('INVALID_RESULT'),
} satisfies Record<string, (...args: never[]) => SystemMessage>;
