import { quote } from '../../model/naming.js';
import type { EntityModel, PlatformModel } from '../../model/platform.js';
import { detailRows, formItems, listColumns, pageComponent } from '../../parts/page-plan.js';
import { pinned } from '../../parts/versions.js';
import { entityMetaName, indexHtml } from '../../parts/web-shared.js';
import { lines, type ProjectFiles } from '../../project.js';
import type { StackPart } from '../../stack.js';

/** The web app on React 19 + Vite: one file per page, explicit JSX per field so hand edits have a place. */
export const reactWeb: StackPart = {
  dependencies: pinned('react', 'react-dom'),
  devDependencies: pinned('@types/react', '@types/react-dom', '@vitejs/plugin-react'),
  scripts: { dev: 'vite', build: 'vite build', typecheck: 'tsc -p tsconfig.json' },
  render(model, files) {
    files.add('web/index.html', indexHtml(model, '/src/main.tsx'));
    files.json('web/tsconfig.json', {
      extends: '../tsconfig.base.json',
      compilerOptions: {
        allowImportingTsExtensions: true,
        jsx: 'react-jsx',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: ['vite/client', 'node'],
      },
      include: ['src', 'vite.config.ts', 'webnova-source.ts'],
    });
    files.add('web/vite.config.ts', viteConfig);
    files.add('web/src/main.tsx', mainSource);
    files.add('web/src/App.tsx', appSource(model));
    files.add('web/src/components/app-context.ts', contextSource);
    files.add('web/src/components/data.ts', dataSource);
    files.add('web/src/components/FieldInput.tsx', fieldInputSource);
    files.add('web/src/components/CountCard.tsx', countCardSource);
    files.add('web/src/pages/SignInPage.tsx', signInSource);
    for (const dashboard of model.dashboards) {
      files.add(
        `web/src/pages/${dashboard.component}.tsx`,
        dashboardSource(model, dashboard.component, dashboard.name),
      );
    }
    for (const entity of model.entities) renderEntityPages(model, entity, files);
  },
};

function renderEntityPages(model: PlatformModel, entity: EntityModel, files: ProjectFiles): void {
  const meta = entityMetaName(entity);
  const base = `/${entity.route}`;
  const head = (kind: 'List' | 'Detail' | 'Form', imports: string[]) =>
    lines(
      `// ${entity.name}: ${kind.toLowerCase()} page. Generated; edit freely, regeneration keeps your changes.`,
      ...imports,
    );
  files.add(
    `web/src/pages/${pageComponent(entity, 'List')}.tsx`,
    lines(
      head('List', [
        "import { useApp } from '../components/app-context';",
        "import { useResource } from '../components/data';",
        `import { type ${entity.typeName}, ${meta} as meta } from '../entities/${entity.file}';`,
        "import { formatValue } from '../format';",
        "import { grantOf } from '../generated/permissions';",
      ]),
      '',
      `export function ${pageComponent(entity, 'List')}() {`,
      '  const { t, locale, user } = useApp();',
      `  const records = useResource<${entity.typeName}[]>(${quote(base)});`,
      '  return (',
      '    <section>',
      '      <header className="page-header">',
      `        <h1>{t(${quote(`page.${entity.name}.list`)})}</h1>`,
      `        {grantOf(user.role, meta.name, 'create') && (`,
      `          <a className="button" href=${quote(`#${base}/new`).replace(/'/g, '"')}>`,
      "            {t('action.new')}",
      '          </a>',
      '        )}',
      '      </header>',
      '      {records.error && <p role="alert">{records.error}</p>}',
      '      {records.data === null ? (',
      "        <p>{t('app.loading')}</p>",
      '      ) : records.data.length === 0 ? (',
      "        <p>{t('app.empty')}</p>",
      '      ) : (',
      '        <table>',
      '          <thead>',
      '            <tr>',
      listColumns(entity).map(
        (column) => `              <th scope="col">{t(${quote(`field.${entity.name}.${column.name}`)})}</th>`,
      ),
      '            </tr>',
      '          </thead>',
      '          <tbody>',
      '            {records.data.map((record) => (',
      '              <tr key={record.id}>',
      listColumns(entity).map((column, index) => {
        const value = `formatValue(record.${column.name}, meta.fields.${column.name}, locale, meta.name)`;
        return index === 0
          ? `                <td>\n                  <a href={${quote(`#${base}/`)} + record.id}>{${value}}</a>\n                </td>`
          : `                <td>{${value}}</td>`;
      }),
      '              </tr>',
      '            ))}',
      '          </tbody>',
      '        </table>',
      '      )}',
      '    </section>',
      '  );',
      '}',
    ),
    entity.name,
  );
  files.add(
    `web/src/pages/${pageComponent(entity, 'Detail')}.tsx`,
    lines(
      head('Detail', [
        "import { api } from '../api';",
        "import { useApp } from '../components/app-context';",
        "import { useResource } from '../components/data';",
        `import { type ${entity.typeName}, ${meta} as meta } from '../entities/${entity.file}';`,
        "import { formatValue } from '../format';",
        "import { grantOf } from '../generated/permissions';",
        "import { navigate } from '../router';",
      ]),
      '',
      `export function ${pageComponent(entity, 'Detail')}({ id }: { id: string }) {`,
      '  const { t, locale, user } = useApp();',
      `  const record = useResource<${entity.typeName}>(${quote(`${base}/`)} + id);`,
      '  async function remove() {',
      "    if (!window.confirm(t('action.confirmDelete'))) return;",
      `    await api.delete(${quote(`${base}/`)} + id);`,
      `    navigate(${quote(base)});`,
      '  }',
      '  if (record.error) return <p role="alert">{record.error}</p>;',
      "  if (!record.data) return <p>{t('app.loading')}</p>;",
      '  const data = record.data;',
      '  return (',
      '    <section>',
      '      <header className="page-header">',
      `        <h1>{t(${quote(`page.${entity.name}.detail`)})}</h1>`,
      "        {grantOf(user.role, meta.name, 'update') && (",
      `          <a className="button" href={${quote(`#${base}/`)} + data.id + '/edit'}>`,
      "            {t('action.edit')}",
      '          </a>',
      '        )}',
      "        {grantOf(user.role, meta.name, 'delete') && (",
      '          <button type="button" className="danger" onClick={() => void remove()}>',
      "            {t('action.delete')}",
      '          </button>',
      '        )}',
      '      </header>',
      '      <dl>',
      detailRows(model, entity).map((row) =>
        lines(
          `        <dt>{t(${quote(`field.${entity.name}.${row.name}`)})}</dt>`,
          row.targetRoute
            ? `        <dd>{data.${row.name} ? <a href={${quote(`#/${row.targetRoute}/`)} + data.${row.name}}>{data.${row.name}}</a> : t('value.none')}</dd>`
            : `        <dd>{formatValue(data.${row.name}, meta.fields.${row.name}, locale, meta.name)}</dd>`,
        ),
      ),
      '      </dl>',
      '    </section>',
      '  );',
      '}',
    ),
    entity.name,
  );
  files.add(
    `web/src/pages/${pageComponent(entity, 'Form')}.tsx`,
    lines(
      head('Form', [
        "import { type FormEvent, useEffect, useState } from 'react';",
        "import { api } from '../api';",
        "import { useApp } from '../components/app-context';",
        "import { useResource } from '../components/data';",
        "import { FieldInput } from '../components/FieldInput';",
        `import { type ${entity.typeName}, ${meta} as meta } from '../entities/${entity.file}';`,
        "import { type FormValues, toBody, toFormValues } from '../form-values';",
        "import { navigate } from '../router';",
      ]),
      '',
      `export function ${pageComponent(entity, 'Form')}({ id }: { id: string | null }) {`,
      '  const { t } = useApp();',
      `  const existing = useResource<${entity.typeName}>(id === null ? null : ${quote(`${base}/`)} + id);`,
      '  const [initial, setInitial] = useState<FormValues>(() => toFormValues(null, meta));',
      '  const [values, setValues] = useState<FormValues>(initial);',
      '  const [error, setError] = useState<string | null>(null);',
      '  useEffect(() => {',
      '    if (!existing.data) return;',
      '    const loaded = toFormValues(existing.data, meta);',
      '    setInitial(loaded);',
      '    setValues(loaded);',
      '  }, [existing.data]);',
      '  const set = (name: string) => (text: string) => setValues((current) => ({ ...current, [name]: text }));',
      '  async function submit(event: FormEvent) {',
      '    event.preventDefault();',
      '    setError(null);',
      '    try {',
      '      const body = toBody(values, initial, meta, id === null);',
      '      const saved =',
      `        id === null ? await api.post<${entity.typeName}>(${quote(base)}, body) : await api.patch<${entity.typeName}>(${quote(`${base}/`)} + id, body);`,
      `      navigate(${quote(`${base}/`)} + saved.id);`,
      '    } catch (failure) {',
      '      setError(failure instanceof Error ? failure.message : String(failure));',
      '    }',
      '  }',
      '  return (',
      '    <section>',
      '      <header className="page-header">',
      `        <h1>{t(${quote(`page.${entity.name}.form`)})}</h1>`,
      '      </header>',
      '      <form onSubmit={(event) => void submit(event)}>',
      formItems(entity).map(
        (item) =>
          `        <FieldInput entity={meta.name} field={meta.fields.${item.name}} value={values.${item.name} ?? ''} onChange={set(${quote(item.name)})} />`,
      ),
      '        {error && <p role="alert">{error}</p>}',
      '        <div className="page-header">',
      '          <button type="submit">{t(\'action.save\')}</button>',
      `          <a href=${quote(`#${base}`).replace(/'/g, '"')}>{t('action.cancel')}</a>`,
      '        </div>',
      '      </form>',
      '    </section>',
      '  );',
      '}',
    ),
    entity.name,
  );
}

function dashboardSource(model: PlatformModel, component: string, name: string): string {
  return lines(
    `// The ${name} dashboard: a count of each kind of record the role may list.`,
    "import { useApp } from '../components/app-context';",
    "import { CountCard } from '../components/CountCard';",
    "import { type EntityName, grantOf } from '../generated/permissions';",
    '',
    'const cards: Array<{ entity: EntityName; route: string }> = [',
    model.entities.map((entity) => `  { entity: ${quote(entity.name)}, route: ${quote(entity.route)} },`),
    '];',
    '',
    `export function ${component}() {`,
    '  const { t, user } = useApp();',
    '  return (',
    '    <section>',
    '      <header className="page-header">',
    `        <h1>{t(${quote(`dashboard.${name}`)})}</h1>`,
    '      </header>',
    '      <div className="cards">',
    "        {cards.filter((card) => grantOf(user.role, card.entity, 'list')).map((card) => (",
    '          <CountCard key={card.entity} entity={card.entity} route={card.route} />',
    '        ))}',
    '      </div>',
    '    </section>',
    '  );',
    '}',
  );
}

function appSource(model: PlatformModel): string {
  const entityCases = model.entities.map((entity) =>
    lines(
      `    case ${quote(entity.name)}:`,
      `      if (route.kind === 'list') return <${pageComponent(entity, 'List')} />;`,
      `      if (route.kind === 'detail') return <${pageComponent(entity, 'Detail')} id={route.id} />;`,
      `      return <${pageComponent(entity, 'Form')} id={route.id} />;`,
    ),
  );
  return lines(
    '// The shell: top bar, menu, and the page the URL names, once signed in.',
    "import { useCallback, useEffect, useMemo, useState } from 'react';",
    "import { api, type CurrentUser } from './api';",
    "import { AppContext } from './components/app-context';",
    "import { grantOf } from './generated/permissions';",
    "import { applyLocale, type Locale, isLocale, locales, savedLocale, translate } from './i18n';",
    "import { allows, menuFor, pageAccess } from './navigation';",
    model.dashboards.map((dashboard) => `import { ${dashboard.component} } from './pages/${dashboard.component}';`),
    model.entities.flatMap((entity) =>
      (['Detail', 'Form', 'List'] as const).map(
        (kind) => `import { ${pageComponent(entity, kind)} } from './pages/${pageComponent(entity, kind)}';`,
      ),
    ),
    "import { SignInPage } from './pages/SignInPage';",
    "import { currentPath, parseRoute, type Route } from './router';",
    '',
    'function usePath(): string {',
    '  const [path, setPath] = useState(currentPath);',
    '  useEffect(() => {',
    '    const update = () => setPath(currentPath());',
    "    window.addEventListener('hashchange', update);",
    "    return () => window.removeEventListener('hashchange', update);",
    '  }, []);',
    '  return path;',
    '}',
    '',
    'function canOpen(route: Route, role: string): boolean {',
    "  if (route.kind === 'notFound') return true;",
    "  if (route.kind === 'dashboard') return allows(pageAccess['dashboard.' + route.name] ?? { roles: [] }, role);",
    "  const action = route.kind === 'list' ? 'list' : route.kind === 'detail' ? 'read' : route.id === null ? 'create' : 'update';",
    "  return allows(pageAccess[route.entity + '.' + route.kind] ?? { roles: [] }, role) && grantOf(role, route.entity, action) !== undefined;",
    '}',
    '',
    'function Page({ route }: { route: Route }) {',
    "  if (route.kind === 'notFound') return null;",
    "  if (route.kind === 'dashboard') {",
    model.dashboards.map(
      (dashboard) => `    if (route.name === ${quote(dashboard.name)}) return <${dashboard.component} />;`,
    ),
    '    return null;',
    '  }',
    '  switch (route.entity) {',
    entityCases,
    '  }',
    '  return null;',
    '}',
    '',
    'export function App() {',
    '  const [locale, setLocaleState] = useState<Locale>(savedLocale);',
    '  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);',
    '  const path = usePath();',
    '  const route = parseRoute(path);',
    '  const t = useCallback((key: string) => translate(locale, key), [locale]);',
    '  const refresh = useCallback(() => {',
    "    api.get<CurrentUser>('/auth/me').then(setUser, () => setUser(null));",
    '  }, []);',
    '  useEffect(refresh, [refresh]);',
    '  useEffect(() => applyLocale(locale), [locale]);',
    '  const context = useMemo(() => (user ? { t, locale, user, setLocale: setLocaleState } : null), [t, locale, user]);',
    '  const languagePicker = (',
    '    <label>',
    '      <span className="visually-hidden">{t(\'app.language\')}</span>',
    '      <select value={locale} onChange={(event) => isLocale(event.target.value) && setLocaleState(event.target.value)}>',
    '        {locales.map((code) => (',
    '          <option key={code} value={code}>',
    "            {new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code}",
    '          </option>',
    '        ))}',
    '      </select>',
    '    </label>',
    '  );',
    "  if (user === undefined) return <p>{t('app.loading')}</p>;",
    '  if (!user || !context) return <SignInPage t={t} languagePicker={languagePicker} onSignedIn={refresh} />;',
    '  async function signOut() {',
    "    await api.post('/auth/sign-out', {});",
    '    setUser(null);',
    '  }',
    '  return (',
    '    <AppContext.Provider value={context}>',
    '      <div className="shell">',
    '        <header className="topbar">',
    '          <span className="brand">{t(\'platform.name\')}</span>',
    '          {languagePicker}',
    '          <span>',
    "            {user.email} · {t('role.' + user.role)}",
    '          </span>',
    '          <button type="button" className="secondary" onClick={() => void signOut()}>',
    "            {t('app.signOut')}",
    '          </button>',
    '        </header>',
    '        <nav className="menu" aria-label={t(\'app.menu\')}>',
    '          <ul>',
    '            {menuFor(user.role).map((entry) => (',
    '              <li key={entry.key}>',
    "                <a href={'#' + entry.href} aria-current={path === entry.href ? 'page' : undefined}>",
    "                  {t('nav.' + entry.key)}",
    '                </a>',
    '              </li>',
    '            ))}',
    '          </ul>',
    '        </nav>',
    '        <main>',
    "          {route.kind === 'notFound' ? (",
    "            <p>{t('app.notFound')}</p>",
    '          ) : canOpen(route, user.role) ? (',
    '            <Page route={route} />',
    '          ) : (',
    '            <p role="alert">{t(\'app.forbidden\')}</p>',
    '          )}',
    '        </main>',
    '      </div>',
    '    </AppContext.Provider>',
    '  );',
    '}',
  );
}

const viteConfig = `import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { webnovaSource } from './webnova-source.ts';

export default defineConfig({
  // webnovaSource runs in dev only: it tags page elements with data-webnova-source="path:line".
  plugins: [webnovaSource(fileURLToPath(new URL('..', import.meta.url))), react()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
`;

const mainSource = `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`;

const contextSource = `// What every page needs: the signed-in user, the locale and the translator.
import { createContext, useContext } from 'react';
import type { CurrentUser } from '../api';
import type { Locale } from '../i18n';

export interface AppContextValue {
  readonly t: (key: string) => string;
  readonly locale: Locale;
  readonly user: CurrentUser;
  readonly setLocale: (locale: Locale) => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp is used outside the signed-in app');
  return value;
}
`;

const dataSource = `// Loading a resource from the API, with its error as text.
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';

export function useResource<T>(path: string | null): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setError(null);
    api.get<T>(path).then(
      (value) => current && setData(value),
      (failure: unknown) => current && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      current = false;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { data, error, reload };
}
`;

const fieldInputSource = `// One form control per field kind, labelled from the Blueprint.
import type { FieldSpec } from '../fields';
import { useApp } from './app-context';
import { useResource } from './data';

interface Props {
  readonly entity: string;
  readonly field: FieldSpec;
  readonly value: string;
  readonly onChange: (text: string) => void;
}

function ReferenceInput({ field, value, onChange, label }: Props & { label: string }) {
  const { t } = useApp();
  const options = useResource<Array<Record<string, unknown>>>(field.target ? '/' + field.target.route : null);
  if (!field.target || options.error || !options.data) {
    return (
      <label>
        {label}
        <input type="text" value={value} required={field.required} onChange={(event) => onChange(event.target.value)} />
      </label>
    );
  }
  const display = field.target.display;
  return (
    <label>
      {label}
      <select value={value} required={field.required} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('value.none')}</option>
        {options.data.map((record) => (
          <option key={String(record.id)} value={String(record.id)}>
            {String(record[display] ?? record.id)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FieldInput(props: Props) {
  const { t } = useApp();
  const { entity, field, value, onChange } = props;
  const label = t('field.' + entity + '.' + field.name);
  switch (field.control) {
    case 'reference':
      return <ReferenceInput {...props} label={label} />;
    case 'textarea':
    case 'json':
      return (
        <label>
          {label}
          <textarea rows={4} value={value} required={field.required} onChange={(event) => onChange(event.target.value)} />
        </label>
      );
    case 'checkbox':
      return (
        <label>
          <input type="checkbox" checked={value === 'true'} onChange={(event) => onChange(String(event.target.checked))} />
          {label}
        </label>
      );
    case 'select':
      return (
        <label>
          {label}
          <select value={value} required={field.required} onChange={(event) => onChange(event.target.value)}>
            <option value="">{t('value.none')}</option>
            {(field.options ?? []).map((option) => (
              <option key={option} value={option}>
                {t('enum.' + entity + '.' + field.name + '.' + option)}
              </option>
            ))}
          </select>
        </label>
      );
    default:
      return (
        <label>
          {label}
          <input
            type={field.inputType}
            value={value}
            required={field.required}
            min={field.min}
            max={field.max}
            step={field.control === 'number' ? (field.integer ? 1 : 'any') : undefined}
            onChange={(event) => onChange(event.target.value)}
          />
        </label>
      );
  }
}
`;

const countCardSource = `// A dashboard card: how many records of one kind the user can see.
import { useApp } from './app-context';
import { useResource } from './data';

export function CountCard({ entity, route }: { entity: string; route: string }) {
  const { t, locale } = useApp();
  const records = useResource<unknown[]>('/' + route);
  return (
    <a className="card" href={'#/' + route}>
      <strong>{records.data ? new Intl.NumberFormat(locale).format(records.data.length) : '…'}</strong>
      {t('entity.' + entity + '.plural')}
    </a>
  );
}
`;

const signInSource = `// Email + password sign-in; the API answers with an HttpOnly session cookie. A platform without an
// account shows the first owner's setup instead: the one-time token the server printed, an email, a password.
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { api } from '../api';

/** The setup token a link carries (\`#/setup/<token>\`): in the fragment, never sent to a server. */
function tokenInLink(): string {
  return /^#\\/setup\\/([A-Za-z0-9_-]+)$/.exec(window.location.hash)?.[1] ?? '';
}

export function SignInPage({ t, languagePicker, onSignedIn }: { t: (key: string) => string; languagePicker: ReactNode; onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [setupToken, setSetupToken] = useState(tokenInLink);
  const [setup, setSetup] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.get<{ needed: boolean }>('/auth/setup').then(
      (status) => setSetup(status.needed),
      () => setSetup(false),
    );
  }, []);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      if (setup) {
        await api.post('/auth/setup', { token: setupToken.trim(), email, password });
        window.location.hash = '#/';
      } else {
        await api.post('/auth/sign-in', { email, password });
      }
      onSignedIn();
    } catch {
      setFailed(true);
    }
  }
  return (
    <main className="sign-in">
      <h1>{t('platform.name')}</h1>
      {languagePicker}
      <form onSubmit={(event) => void submit(event)}>
        {setup && (
          <>
            <h2>{t('app.setupTitle')}</h2>
            <p>{t('app.setupIntro')}</p>
            <label>
              {t('app.setupToken')}
              <input autoComplete="off" required value={setupToken} onChange={(event) => setSetupToken(event.target.value)} />
            </label>
          </>
        )}
        <label>
          {t('app.email')}
          <input type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          {t('app.password')}
          <input
            type="password"
            autoComplete={setup ? 'new-password' : 'current-password'}
            minLength={setup ? 10 : undefined}
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {failed && <p role="alert">{t(setup ? 'app.setupFailed' : 'app.signInFailed')}</p>}
        <button type="submit">{t(setup ? 'app.createOwner' : 'app.signIn')}</button>
      </form>
    </main>
  );
}
`;
