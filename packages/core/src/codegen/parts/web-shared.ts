import { fieldTypes } from '../model/field-types.js';
import { interfaceCatalog, isRtl, labelIn } from '../model/labels.js';
import { camel, quote } from '../model/naming.js';
import type { EntityModel, PlatformModel } from '../model/platform.js';
import { lines, type ProjectFiles } from '../project.js';
import { permissionsSource } from './access.js';

/**
 * The web app's framework-free parts, shared by every front-end stack: translations, the API
 * client, routes and menu as data, entity metadata for forms, styles and the dev-only source
 * tagging plugin for the IDE's inspect mode.
 */
export function renderWebShared(model: PlatformModel, files: ProjectFiles): void {
  for (const locale of model.locales) files.json(`web/src/locales/${locale}.json`, catalog(model, locale));
  files.add('web/src/generated/permissions.ts', permissionsSource(model));
  files.add('web/src/i18n.ts', i18nSource(model));
  files.add('web/src/api.ts', apiClientSource);
  files.add('web/src/format.ts', formatSource);
  files.add('web/src/navigation.ts', navigationSource(model));
  files.add('web/src/router.ts', routerSource(model));
  files.add('web/src/fields.ts', fieldsSource);
  files.add('web/src/form-values.ts', formValuesSource);
  files.add('web/src/styles.css', stylesSource);
  files.add('web/webnova-source.ts', sourceTagPluginSource);
  for (const entity of model.entities) {
    files.add(`web/src/entities/${entity.file}.ts`, entityMetaSource(model, entity), entity.name);
  }
}

export function entityMetaName(entity: EntityModel): string {
  return `${camel(entity.name)}Meta`;
}

function catalog(model: PlatformModel, locale: string): Record<string, string> {
  const fallback = model.defaultLocale;
  const label = (labels: Record<string, string>) => labelIn(labels, locale, fallback);
  const entries: Record<string, string> = { 'platform.name': model.name, ...interfaceCatalog(locale) };
  for (const role of model.roles) entries[`role.${role.name}`] = label(role.label);
  for (const entity of model.entities) {
    entries[`entity.${entity.name}`] = label(entity.label);
    entries[`entity.${entity.name}.plural`] = label(entity.pluralLabel);
    entries[`page.${entity.name}.list`] = label(entity.pages.list.title);
    entries[`page.${entity.name}.detail`] = label(entity.pages.detail.title);
    entries[`page.${entity.name}.form`] = label(entity.pages.form.title);
    for (const field of entity.fields) {
      entries[`field.${entity.name}.${field.name}`] = label(field.label);
      for (const value of field.source.values ?? []) {
        entries[`enum.${entity.name}.${field.name}.${value.name}`] = label(value.label);
      }
    }
    for (const reference of entity.references) {
      entries[`field.${entity.name}.${reference.name}`] = label(model.entity(reference.target).label);
    }
  }
  for (const item of model.navigation) entries[`nav.${item.key}`] = label(item.title);
  for (const dashboard of model.dashboards) entries[`dashboard.${dashboard.name}`] = label(dashboard.title);
  return entries;
}

function i18nSource(model: PlatformModel): string {
  return lines(
    '// Translations: one catalogue per Blueprint locale; right-to-left locales flip the layout.',
    model.locales.map((locale) => `import ${camel(locale.replace(/-/g, ''))}Messages from './locales/${locale}.json';`),
    '',
    `export const locales = [${model.locales.map(quote).join(', ')}] as const;`,
    'export type Locale = (typeof locales)[number];',
    `export const defaultLocale: Locale = ${quote(model.defaultLocale)};`,
    '',
    'const catalogs: Record<Locale, Record<string, string>> = {',
    model.locales.map((locale) => `  ${quote(locale)}: ${camel(locale.replace(/-/g, ''))}Messages,`),
    '};',
    '',
    `const rightToLeft = new Set<string>([${model.locales.filter(isRtl).map(quote).join(', ')}]);`,
    '',
    "export function directionOf(locale: Locale): 'rtl' | 'ltr' {",
    "  return rightToLeft.has(locale) ? 'rtl' : 'ltr';",
    '}',
    '',
    "/** The text for `key`, else the default locale's, else the key itself (so a gap is visible). */",
    'export function translate(locale: Locale, key: string): string {',
    '  return catalogs[locale][key] ?? catalogs[defaultLocale][key] ?? key;',
    '}',
    '',
    'export function isLocale(value: string | null): value is Locale {',
    '  return value !== null && (locales as readonly string[]).includes(value);',
    '}',
    '',
    "const storageKey = 'locale';",
    'export function savedLocale(): Locale {',
    '  const saved = globalThis.localStorage?.getItem(storageKey) ?? null;',
    '  return isLocale(saved) ? saved : defaultLocale;',
    '}',
    '',
    '/** Remembers the choice and sets `lang` and `dir` on the document. */',
    'export function applyLocale(locale: Locale): void {',
    '  globalThis.localStorage?.setItem(storageKey, locale);',
    '  document.documentElement.lang = locale;',
    '  document.documentElement.dir = directionOf(locale);',
    '}',
  );
}

const apiClientSource = `// Calls the API (the dev server proxies /api; the session travels in an HttpOnly cookie).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch('/api' + path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) throw new ApiError(response.status, payload?.error?.code ?? 'HTTP_' + response.status, payload?.error?.message ?? response.statusText);
  return payload as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  delete: (path: string) => call<void>('DELETE', path),
};

export interface CurrentUser {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly personId: string | null;
}
`;

const formatSource = `// How values are shown: dates and numbers in the reader's locale.
import type { FieldSpec } from './fields.js';
import { type Locale, translate } from './i18n.js';

export function formatValue(value: unknown, field: FieldSpec | undefined, locale: Locale, entity: string): string {
  if (value === null || value === undefined || value === '') return translate(locale, 'value.none');
  switch (field?.control) {
    case 'checkbox':
      return translate(locale, value ? 'value.yes' : 'value.no');
    case 'select':
      return translate(locale, 'enum.' + entity + '.' + field.name + '.' + String(value));
    case 'date':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(String(value)));
    case 'datetime':
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(String(value)));
    case 'number':
      return new Intl.NumberFormat(locale).format(Number(value));
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}
`;

const fieldsSource = `// Form metadata of a field, and the conversions between form text and API values.
export type Control = 'text' | 'textarea' | 'number' | 'checkbox' | 'date' | 'datetime' | 'select' | 'json' | 'reference';

export interface FieldSpec {
  readonly name: string;
  readonly control: Control;
  readonly inputType: string;
  readonly required: boolean;
  readonly options?: readonly string[];
  /** For references: the target's API route and the field that names its records. */
  readonly target?: { readonly entity: string; readonly route: string; readonly display: string };
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export interface EntityMeta {
  readonly name: string;
  readonly route: string;
  readonly displayField: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

/** The text a form input shows for an API value. */
export function toInputText(value: unknown, field: FieldSpec): string {
  if (value === null || value === undefined) return '';
  if (field.control === 'json') return JSON.stringify(value, null, 2);
  if (field.control === 'datetime') {
    const date = new Date(String(value));
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
    return local.toISOString().slice(0, 16);
  }
  return String(value);
}

/** The API value for a form input's text (empty is null); throws on malformed JSON. */
export function fromInputText(text: string, field: FieldSpec): unknown {
  if (field.control === 'checkbox') return text === 'true';
  if (text.trim() === '') return null;
  switch (field.control) {
    case 'number':
      return Number(text);
    case 'json':
      return JSON.parse(text);
    case 'datetime':
      return new Date(text).toISOString();
    default:
      return text;
  }
}
`;

function navigationSource(model: PlatformModel): string {
  return lines(
    "// The main menu from the Blueprint's navigation, shown per role: the page's roles and the needed grant.",
    "import { type Action, type EntityName, grantOf } from './generated/permissions.js';",
    '',
    'export interface NavigationEntry {',
    '  readonly key: string;',
    '  readonly href: string;',
    '  readonly icon?: string;',
    '  readonly roles: readonly string[];',
    '  readonly needs?: { readonly entity: EntityName; readonly action: Action };',
    '}',
    '',
    'export const navigation: readonly NavigationEntry[] = [',
    model.navigation.map(
      (item) =>
        `  { key: ${quote(item.key)}, href: ${quote(item.href)}${item.icon ? `, icon: ${quote(item.icon)}` : ''}, roles: [${item.roles.map(quote).join(', ')}]${
          item.needs ? `, needs: { entity: ${quote(item.needs.entity)}, action: '${item.needs.action}' }` : ''
        } },`,
    ),
    '];',
    '',
    "export function allows(entry: Pick<NavigationEntry, 'roles' | 'needs'>, role: string): boolean {",
    '  if (entry.roles.length > 0 && !entry.roles.includes(role)) return false;',
    '  return !entry.needs || grantOf(role, entry.needs.entity, entry.needs.action) !== undefined;',
    '}',
    '',
    'export function menuFor(role: string): NavigationEntry[] {',
    '  return navigation.filter((entry) => allows(entry, role));',
    '}',
    '',
    "/** Page-level access: the Blueprint page's roles (empty is everyone) and the grant the page needs. */",
    'export const pageAccess: Record<string, { readonly roles: readonly string[] }> = {',
    model.entities.flatMap((entity) =>
      (['list', 'detail', 'form'] as const).map(
        (kind) =>
          `  ${quote(`${entity.name}.${kind}`)}: { roles: [${entity.pages[kind].roles.map(quote).join(', ')}] },`,
      ),
    ),
    model.dashboards.map(
      (dashboard) =>
        `  ${quote(`dashboard.${dashboard.name}`)}: { roles: [${dashboard.roles.map(quote).join(', ')}] },`,
    ),
    '};',
  );
}

function entityMetaSource(model: PlatformModel, entity: EntityModel): string {
  const fields = [
    ...entity.fields
      .filter((field) => !field.secret || true)
      .map((field) => {
        const spec = fieldTypes[field.type];
        const parts = [
          `name: ${quote(field.name)}`,
          `control: '${spec.control}'`,
          `inputType: '${spec.inputType}'`,
          `required: ${field.required}`,
          field.source.values && `options: [${field.source.values.map((value) => quote(value.name)).join(', ')}]`,
          field.type === 'int' && 'integer: true',
          (field.type === 'int' || field.type === 'decimal') &&
            field.source.min !== undefined &&
            `min: ${field.source.min}`,
          (field.type === 'int' || field.type === 'decimal') &&
            field.source.max !== undefined &&
            `max: ${field.source.max}`,
        ].filter(Boolean);
        return `    ${field.name}: { ${parts.join(', ')} },`;
      }),
    ...entity.references.map((reference) => {
      const target = model.entity(reference.target);
      return `    ${reference.name}: { name: ${quote(reference.name)}, control: 'reference', inputType: 'text', required: ${reference.required}, target: { entity: ${quote(target.name)}, route: ${quote(target.route)}, display: ${quote(target.displayField)} } },`;
    }),
  ];
  return lines(
    `// ${entity.name} as the web app sees it: the API shape and the form metadata.`,
    "import type { EntityMeta } from '../fields.js';",
    '',
    `export interface ${entity.typeName} {`,
    '  id: string;',
    entity.fields
      .filter((field) => !field.secret)
      .map((field) => `  ${field.name}: ${field.required ? field.ts : `${field.ts} | null`};`),
    entity.references.map((reference) => `  ${reference.name}: string${reference.required ? '' : ' | null'};`),
    '  createdAt: string;',
    '  updatedAt: string;',
    '}',
    entity.fields.some((field) => field.type === 'json') && [
      '',
      'type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };',
    ],
    '',
    `export const ${entityMetaName(entity)} = {`,
    `  name: ${quote(entity.name)},`,
    `  route: ${quote(entity.route)},`,
    `  displayField: ${quote(entity.displayField)},`,
    '  fields: {',
    fields,
    '  },',
    '} as const satisfies EntityMeta;',
  );
}

const stylesSource = `/* Logical properties throughout, so right-to-left locales mirror the layout. Light and dark follow the system. */
:root {
  color-scheme: light dark;
  --bg: #f7f7f8;
  --panel: #ffffff;
  --text: #1d1d20;
  --muted: #5c5f66;
  --accent: #2456d6;
  --border: #d9dbe0;
  --danger: #b42318;
  font-family: system-ui, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', sans-serif;
  background: var(--bg);
  color: var(--text);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15161a;
    --panel: #1e2026;
    --text: #ececf1;
    --muted: #a3a6ad;
    --accent: #7aa2ff;
    --border: #33363e;
    --danger: #ff8a80;
  }
}
body { margin: 0; }
a { color: var(--accent); }
.shell { display: grid; grid-template-columns: 15rem 1fr; grid-template-rows: auto 1fr; min-block-size: 100vh; }
.topbar { grid-column: 1 / -1; display: flex; gap: 1rem; align-items: center; padding-block: 0.75rem; padding-inline: 1rem; background: var(--panel); border-block-end: 1px solid var(--border); }
.topbar .brand { font-weight: 600; margin-inline-end: auto; }
.menu { background: var(--panel); border-inline-end: 1px solid var(--border); padding: 1rem; }
.menu ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.25rem; }
.menu a { display: block; padding-block: 0.4rem; padding-inline: 0.6rem; border-radius: 6px; text-decoration: none; }
.menu a[aria-current='page'] { background: var(--bg); font-weight: 600; }
main { padding: 1.5rem; }
.page-header { display: flex; align-items: center; gap: 1rem; margin-block-end: 1rem; }
.page-header h1 { margin: 0; font-size: 1.4rem; margin-inline-end: auto; }
table { inline-size: 100%; border-collapse: collapse; background: var(--panel); }
th, td { text-align: start; padding-block: 0.5rem; padding-inline: 0.75rem; border-block-end: 1px solid var(--border); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1.5rem; background: var(--panel); padding: 1rem; }
dt { color: var(--muted); }
dd { margin: 0; }
form { display: grid; gap: 1rem; max-inline-size: 40rem; }
label { display: grid; gap: 0.3rem; }
input, select, textarea, button { font: inherit; padding-block: 0.45rem; padding-inline: 0.6rem; border: 1px solid var(--border); border-radius: 6px; background: var(--panel); color: var(--text); }
button, .button { background: var(--accent); color: #fff; border: none; cursor: pointer; text-decoration: none; padding-block: 0.45rem; padding-inline: 0.9rem; border-radius: 6px; }
button.secondary { background: transparent; color: var(--accent); border: 1px solid var(--border); }
button.danger { background: var(--danger); }
[role='alert'] { color: var(--danger); }
.visually-hidden { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 1rem; }
.card { background: var(--panel); border: 1px solid var(--border); border-radius: 8px; padding: 1rem; text-decoration: none; color: inherit; }
.card strong { display: block; font-size: 1.8rem; }
.sign-in { max-inline-size: 22rem; margin-block: 10vh; margin-inline: auto; background: var(--panel); padding: 2rem; border-radius: 10px; }
`;

const sourceTagPluginSource = `// Inspect mode for the WebNova IDE. In dev builds (vite serve) every HTML element written in the
// generated pages and components gets data-webnova-source="web/src/<file>:<line>", so clicking an
// element in the preview can open the line that renders it. Production builds are untouched.
// Convention: an element is tagged when a lower-case tag opens after (, >, {, ?, :, &&, || or at a
// line start; generics (Array<string>) and comparisons (a < b) never match that shape.
import { relative } from 'node:path';
import type { Plugin } from 'vite';

const tagged = /\\/src\\/(pages|components)\\/[^?]+\\.(tsx|vue)$/;
const opening = /(^|[\\s(>{?:&|])<([a-z][a-z0-9-]*)(?=[\\s/>])/g;

export function tagSource(code: string, file: string, firstLine = 1): string {
  return code
    .split('\\n')
    .map((line, index) => line.replace(opening, (_match, before: string, tag: string) => before + '<' + tag + ' data-webnova-source="' + file + ':' + (index + firstLine) + '"'))
    .join('\\n');
}

export function webnovaSource(root: string): Plugin {
  return {
    name: 'webnova-source',
    apply: 'serve',
    enforce: 'pre',
    transform(code, id) {
      if (!tagged.test(id)) return null;
      const file = relative(root, id).split('\\\\').join('/');
      if (id.endsWith('.vue')) {
        const start = code.indexOf('<template>');
        const end = code.lastIndexOf('</template>');
        if (start < 0 || end < 0) return null;
        const before = code.slice(0, start + 10);
        const firstLine = before.split('\\n').length;
        return { code: before + tagSource(code.slice(start + 10, end), file, firstLine) + code.slice(end), map: null };
      }
      return { code: tagSource(code, file), map: null };
    },
  };
}
`;

/** Hash routes → what to show; shared by the front-end stacks. */
export function routerSource(model: PlatformModel): string {
  return lines(
    "// The app's routes (in the URL hash): dashboards, and list, detail and form pages per entity.",
    "import type { EntityName } from './generated/permissions.js';",
    '',
    'export type Route =',
    "  | { readonly kind: 'dashboard'; readonly name: string }",
    "  | { readonly kind: 'list'; readonly entity: EntityName }",
    "  | { readonly kind: 'detail'; readonly entity: EntityName; readonly id: string }",
    "  | { readonly kind: 'form'; readonly entity: EntityName; readonly id: string | null }",
    "  | { readonly kind: 'notFound' };",
    '',
    'const entityRoutes: Record<string, EntityName> = {',
    model.entities.map((entity) => `  ${quote(entity.route)}: ${quote(entity.name)},`),
    '};',
    '',
    'const dashboards: Record<string, string> = {',
    model.dashboards.map((dashboard) => `  ${quote(dashboard.href)}: ${quote(dashboard.name)},`),
    '};',
    '',
    `export const homePath = ${quote(model.dashboards[0]?.href ?? model.navigation[0]?.href ?? '/')};`,
    '',
    'export function parseRoute(path: string): Route {',
    "  const clean = path === '' || path === '/' ? homePath : path;",
    '  const dashboard = dashboards[clean];',
    "  if (dashboard !== undefined) return { kind: 'dashboard', name: dashboard };",
    "  const [route, id, edit, ...rest] = clean.replace(/^\\//, '').split('/');",
    '  const entity = route !== undefined && Object.hasOwn(entityRoutes, route) ? entityRoutes[route] : undefined;',
    "  if (entity === undefined || rest.length > 0) return { kind: 'notFound' };",
    "  if (id === undefined || id === '') return { kind: 'list', entity };",
    "  if (id === 'new' && edit === undefined) return { kind: 'form', entity, id: null };",
    "  if (edit === 'edit') return { kind: 'form', entity, id };",
    "  if (edit === undefined) return { kind: 'detail', entity, id };",
    "  return { kind: 'notFound' };",
    '}',
    '',
    'export function currentPath(): string {',
    "  return decodeURIComponent(globalThis.location.hash.replace(/^#/, '')) || '/';",
    '}',
    '',
    'export function navigate(path: string): void {',
    "  globalThis.location.hash = '#' + path;",
    '}',
  );
}

export function indexHtml(model: PlatformModel, entry: string): string {
  return lines(
    '<!doctype html>',
    `<html lang="${model.defaultLocale}" dir="${isRtl(model.defaultLocale) ? 'rtl' : 'ltr'}">`,
    '  <head>',
    '    <meta charset="UTF-8" />',
    '    <meta name="viewport" content="width=device-width, initial-scale=1.0" />',
    `    <title>${model.name.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`)}</title>`,
    '  </head>',
    '  <body>',
    '    <div id="root"></div>',
    `    <script type="module" src="${entry}"></script>`,
    '  </body>',
    '</html>',
  );
}

/** Form values ⇄ API bodies, shared by the front-end stacks. */
export const formValuesSource = `// Turning records into form text and form text into API bodies.
import { type EntityMeta, fromInputText, toInputText } from './fields.js';

export type FormValues = Record<string, string>;

export function toFormValues(record: object | null, meta: EntityMeta): FormValues {
  const values: FormValues = {};
  for (const field of Object.values(meta.fields)) {
    const value = record ? (record as Record<string, unknown>)[field.name] : undefined;
    values[field.name] = field.control === 'checkbox' ? String(value === true) : toInputText(value, field);
  }
  return values;
}

/** Every field on create; only the touched ones on update. */
export function toBody(values: FormValues, initial: FormValues, meta: EntityMeta, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of Object.values(meta.fields)) {
    const text = values[field.name] ?? '';
    if (!creating && text === (initial[field.name] ?? '')) continue;
    const value = fromInputText(text, field);
    if (creating && value === null) continue;
    body[field.name] = value;
  }
  return body;
}
`;
