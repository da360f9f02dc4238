import { quote } from '../../model/naming.js';
import type { EntityModel, PlatformModel } from '../../model/platform.js';
import { detailRows, formItems, listColumns, pageComponent } from '../../parts/page-plan.js';
import { pinned } from '../../parts/versions.js';
import { entityMetaName, indexHtml } from '../../parts/web-shared.js';
import { lines, type ProjectFiles } from '../../project.js';
import type { StackPart } from '../../stack.js';

/** The web app on Vue 3 + Vite: single-file components, one per page, typechecked by vue-tsc. */
export const vueWeb: StackPart = {
  dependencies: pinned('vue'),
  devDependencies: pinned('@vitejs/plugin-vue', 'vue-tsc'),
  scripts: { dev: 'vite', build: 'vite build', typecheck: 'vue-tsc --noEmit -p tsconfig.json' },
  render(model, files) {
    files.add('web/index.html', indexHtml(model, '/src/main.ts'));
    files.json('web/tsconfig.json', {
      extends: '../tsconfig.base.json',
      compilerOptions: {
        allowImportingTsExtensions: true,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        types: ['vite/client', 'node'],
      },
      include: ['src/**/*.ts', 'src/**/*.vue', 'vite.config.ts', 'webnova-source.ts'],
    });
    files.add('web/vite.config.ts', viteConfig);
    files.add('web/src/main.ts', mainSource);
    files.add('web/src/app-state.ts', appStateSource);
    files.add('web/src/components/resource.ts', resourceSource);
    files.add('web/src/App.vue', appSource(model));
    files.add('web/src/components/FieldInput.vue', fieldInputSource);
    files.add('web/src/components/CountCard.vue', countCardSource);
    files.add('web/src/pages/SignInPage.vue', signInSource);
    for (const dashboard of model.dashboards) {
      files.add(`web/src/pages/${dashboard.component}.vue`, dashboardSource(model, dashboard.name));
    }
    for (const entity of model.entities) renderEntityPages(model, entity, files);
  },
};

/** A template attribute value: double-quoted, so the JavaScript inside uses single quotes. */
function attr(text: string): string {
  return `"${text.replace(/"/g, '&quot;')}"`;
}

function renderEntityPages(model: PlatformModel, entity: EntityModel, files: ProjectFiles): void {
  const meta = entityMetaName(entity);
  const base = `/${entity.route}`;
  const columns = listColumns(entity);
  const value = (name: string, record: string) =>
    `formatValue(${record}.${name}, meta.fields.${name}, app.locale, meta.name)`;
  files.add(
    `web/src/pages/${pageComponent(entity, 'List')}.vue`,
    lines(
      `<!-- ${entity.name}: list page. Generated; edit freely, regeneration keeps your changes. -->`,
      '<script setup lang="ts">',
      "import { app, t } from '../app-state';",
      "import { useResource } from '../components/resource';",
      `import { type ${entity.typeName}, ${meta} as meta } from '../entities/${entity.file}';`,
      "import { formatValue } from '../format';",
      "import { grantOf } from '../generated/permissions';",
      '',
      `const { data: records, error } = useResource<${entity.typeName}[]>(() => ${quote(base)});`,
      '</script>',
      '',
      '<template>',
      '  <section>',
      '    <header class="page-header">',
      `      <h1>{{ t(${quote(`page.${entity.name}.list`)}) }}</h1>`,
      `      <a v-if="app.user && grantOf(app.user.role, meta.name, 'create')" class="button" href=${attr(`#${base}/new`)}>{{ t('action.new') }}</a>`,
      '    </header>',
      '    <p v-if="error" role="alert">{{ error }}</p>',
      '    <p v-if="records === null">{{ t(\'app.loading\') }}</p>',
      '    <p v-else-if="records.length === 0">{{ t(\'app.empty\') }}</p>',
      '    <table v-else>',
      '      <thead>',
      '        <tr>',
      columns.map(
        (column) => `          <th scope="col">{{ t(${quote(`field.${entity.name}.${column.name}`)}) }}</th>`,
      ),
      '        </tr>',
      '      </thead>',
      '      <tbody>',
      '        <tr v-for="record in records" :key="record.id">',
      columns.map((column, index) =>
        index === 0
          ? `          <td><a :href=${attr(`${quote(`#${base}/`)} + record.id`)}>{{ ${value(column.name, 'record')} }}</a></td>`
          : `          <td>{{ ${value(column.name, 'record')} }}</td>`,
      ),
      '        </tr>',
      '      </tbody>',
      '    </table>',
      '  </section>',
      '</template>',
    ),
    entity.name,
  );
  files.add(
    `web/src/pages/${pageComponent(entity, 'Detail')}.vue`,
    lines(
      `<!-- ${entity.name}: detail page. Generated; edit freely, regeneration keeps your changes. -->`,
      '<script setup lang="ts">',
      "import { api } from '../api';",
      "import { app, t } from '../app-state';",
      "import { useResource } from '../components/resource';",
      `import { type ${entity.typeName}, ${meta} as meta } from '../entities/${entity.file}';`,
      "import { formatValue } from '../format';",
      "import { grantOf } from '../generated/permissions';",
      "import { navigate } from '../router';",
      '',
      'const props = defineProps<{ id: string }>();',
      `const { data: record, error } = useResource<${entity.typeName}>(() => ${quote(`${base}/`)} + props.id);`,
      '',
      'async function remove() {',
      "  if (!window.confirm(t('action.confirmDelete'))) return;",
      `  await api.delete(${quote(`${base}/`)} + props.id);`,
      `  navigate(${quote(base)});`,
      '}',
      '</script>',
      '',
      '<template>',
      '  <p v-if="error" role="alert">{{ error }}</p>',
      '  <p v-else-if="!record">{{ t(\'app.loading\') }}</p>',
      '  <section v-else>',
      '    <header class="page-header">',
      `      <h1>{{ t(${quote(`page.${entity.name}.detail`)}) }}</h1>`,
      `      <a v-if="app.user && grantOf(app.user.role, meta.name, 'update')" class="button" :href=${attr(`${quote(`#${base}/`)} + record.id + '/edit'`)}>{{ t('action.edit') }}</a>`,
      '      <button v-if="app.user && grantOf(app.user.role, meta.name, \'delete\')" type="button" class="danger" @click="remove">{{ t(\'action.delete\') }}</button>',
      '    </header>',
      '    <dl>',
      detailRows(model, entity).map((row) =>
        lines(
          `      <dt>{{ t(${quote(`field.${entity.name}.${row.name}`)}) }}</dt>`,
          row.targetRoute
            ? `      <dd><a v-if="record.${row.name}" :href=${attr(`${quote(`#/${row.targetRoute}/`)} + record.${row.name}`)}>{{ record.${row.name} }}</a><span v-else>{{ t('value.none') }}</span></dd>`
            : `      <dd>{{ ${value(row.name, 'record')} }}</dd>`,
        ),
      ),
      '    </dl>',
      '  </section>',
      '</template>',
    ),
    entity.name,
  );
  files.add(
    `web/src/pages/${pageComponent(entity, 'Form')}.vue`,
    lines(
      `<!-- ${entity.name}: form page. Generated; edit freely, regeneration keeps your changes. -->`,
      '<script setup lang="ts">',
      "import { reactive, ref, watch } from 'vue';",
      "import { api } from '../api';",
      "import { t } from '../app-state';",
      "import FieldInput from '../components/FieldInput.vue';",
      "import { useResource } from '../components/resource';",
      `import { type ${entity.typeName}, ${meta} as meta } from '../entities/${entity.file}';`,
      "import { type FormValues, toBody, toFormValues } from '../form-values';",
      "import { navigate } from '../router';",
      '',
      'const props = defineProps<{ id: string | null }>();',
      `const { data: existing } = useResource<${entity.typeName}>(() => (props.id === null ? null : ${quote(`${base}/`)} + props.id));`,
      'let initial: FormValues = toFormValues(null, meta);',
      'const values = reactive<FormValues>({ ...initial });',
      'const error = ref<string | null>(null);',
      'watch(existing, (record) => {',
      '  if (!record) return;',
      '  initial = toFormValues(record, meta);',
      '  Object.assign(values, initial);',
      '});',
      '',
      'async function submit() {',
      '  error.value = null;',
      '  try {',
      '    const body = toBody(values, initial, meta, props.id === null);',
      '    const saved =',
      `      props.id === null ? await api.post<${entity.typeName}>(${quote(base)}, body) : await api.patch<${entity.typeName}>(${quote(`${base}/`)} + props.id, body);`,
      `    navigate(${quote(`${base}/`)} + saved.id);`,
      '  } catch (failure) {',
      '    error.value = failure instanceof Error ? failure.message : String(failure);',
      '  }',
      '}',
      '</script>',
      '',
      '<template>',
      '  <section>',
      '    <header class="page-header">',
      `      <h1>{{ t(${quote(`page.${entity.name}.form`)}) }}</h1>`,
      '    </header>',
      '    <form @submit.prevent="submit">',
      formItems(entity).map(
        (item) =>
          `      <FieldInput v-model="values.${item.name}" :entity="meta.name" :field="meta.fields.${item.name}" />`,
      ),
      '      <p v-if="error" role="alert">{{ error }}</p>',
      '      <div class="page-header">',
      '        <button type="submit">{{ t(\'action.save\') }}</button>',
      `        <a href=${attr(`#${base}`)}>{{ t('action.cancel') }}</a>`,
      '      </div>',
      '    </form>',
      '  </section>',
      '</template>',
    ),
    entity.name,
  );
}

function dashboardSource(model: PlatformModel, name: string): string {
  return lines(
    `<!-- The ${name} dashboard: a count of each kind of record the role may list. -->`,
    '<script setup lang="ts">',
    "import { computed } from 'vue';",
    "import { app, t } from '../app-state';",
    "import CountCard from '../components/CountCard.vue';",
    "import { type EntityName, grantOf } from '../generated/permissions';",
    '',
    'const cards: Array<{ entity: EntityName; route: string }> = [',
    model.entities.map((entity) => `  { entity: ${quote(entity.name)}, route: ${quote(entity.route)} },`),
    '];',
    "const visible = computed(() => cards.filter((card) => app.user && grantOf(app.user.role, card.entity, 'list')));",
    '</script>',
    '',
    '<template>',
    '  <section>',
    '    <header class="page-header">',
    `      <h1>{{ t(${quote(`dashboard.${name}`)}) }}</h1>`,
    '    </header>',
    '    <div class="cards">',
    '      <CountCard v-for="card in visible" :key="card.entity" :entity="card.entity" :route="card.route" />',
    '    </div>',
    '  </section>',
    '</template>',
  );
}

function appSource(model: PlatformModel): string {
  const pages = model.entities.flatMap((entity) => [
    `      <${pageComponent(entity, 'List')} v-else-if="route.kind === 'list' && route.entity === ${quote(entity.name)}" />`,
    `      <${pageComponent(entity, 'Detail')} v-else-if="route.kind === 'detail' && route.entity === ${quote(entity.name)}" :id="route.id" />`,
    `      <${pageComponent(entity, 'Form')} v-else-if="route.kind === 'form' && route.entity === ${quote(entity.name)}" :id="route.id" />`,
  ]);
  return lines(
    '<!-- The shell: top bar, menu, and the page the URL names, once signed in. -->',
    '<script setup lang="ts">',
    "import { computed, onMounted, onUnmounted, ref, watchEffect } from 'vue';",
    "import { api, type CurrentUser } from './api';",
    "import { app, t } from './app-state';",
    "import { grantOf } from './generated/permissions';",
    "import { applyLocale, isLocale, locales } from './i18n';",
    "import { allows, menuFor, pageAccess } from './navigation';",
    model.dashboards.map((dashboard) => `import ${dashboard.component} from './pages/${dashboard.component}.vue';`),
    model.entities.flatMap((entity) =>
      (['Detail', 'Form', 'List'] as const).map(
        (kind) => `import ${pageComponent(entity, kind)} from './pages/${pageComponent(entity, kind)}.vue';`,
      ),
    ),
    "import SignInPage from './pages/SignInPage.vue';",
    "import { currentPath, parseRoute, type Route } from './router';",
    '',
    'const path = ref(currentPath());',
    'const loaded = ref(false);',
    'const route = computed(() => parseRoute(path.value));',
    'const onHashChange = () => (path.value = currentPath());',
    '',
    'async function refresh() {',
    '  try {',
    "    app.user = await api.get<CurrentUser>('/auth/me');",
    '  } catch {',
    '    app.user = null;',
    '  }',
    '  loaded.value = true;',
    '}',
    '',
    'async function signOut() {',
    "  await api.post('/auth/sign-out', {});",
    '  app.user = null;',
    '}',
    '',
    'function chooseLocale(event: Event) {',
    '  const value = (event.target as HTMLSelectElement).value;',
    '  if (isLocale(value)) app.locale = value;',
    '}',
    '',
    'function canOpen(current: Route, role: string): boolean {',
    "  if (current.kind === 'notFound') return true;",
    "  if (current.kind === 'dashboard') return allows(pageAccess['dashboard.' + current.name] ?? { roles: [] }, role);",
    "  const action = current.kind === 'list' ? 'list' : current.kind === 'detail' ? 'read' : current.id === null ? 'create' : 'update';",
    "  return allows(pageAccess[current.entity + '.' + current.kind] ?? { roles: [] }, role) && grantOf(role, current.entity, action) !== undefined;",
    '}',
    '',
    "const languageName = (code: string) => new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;",
    '',
    'onMounted(() => {',
    "  window.addEventListener('hashchange', onHashChange);",
    '  void refresh();',
    '});',
    "onUnmounted(() => window.removeEventListener('hashchange', onHashChange));",
    'watchEffect(() => applyLocale(app.locale));',
    '</script>',
    '',
    '<template>',
    '  <p v-if="!loaded">{{ t(\'app.loading\') }}</p>',
    '  <SignInPage v-else-if="!app.user" :on-signed-in="refresh" />',
    '  <div v-else class="shell">',
    '    <header class="topbar">',
    '      <span class="brand">{{ t(\'platform.name\') }}</span>',
    '      <select :value="app.locale" :aria-label="t(\'app.language\')" @change="chooseLocale">',
    '        <option v-for="code in locales" :key="code" :value="code">{{ languageName(code) }}</option>',
    '      </select>',
    "      <span>{{ app.user.email }} · {{ t('role.' + app.user.role) }}</span>",
    '      <button type="button" class="secondary" @click="signOut">{{ t(\'app.signOut\') }}</button>',
    '    </header>',
    '    <nav class="menu" :aria-label="t(\'app.menu\')">',
    '      <ul>',
    '        <li v-for="entry in menuFor(app.user.role)" :key="entry.key">',
    "          <a :href=\"'#' + entry.href\" :aria-current=\"path === entry.href ? 'page' : undefined\">{{ t('nav.' + entry.key) }}</a>",
    '        </li>',
    '      </ul>',
    '    </nav>',
    '    <main>',
    "      <p v-if=\"route.kind === 'notFound'\">{{ t('app.notFound') }}</p>",
    '      <p v-else-if="!canOpen(route, app.user.role)" role="alert">{{ t(\'app.forbidden\') }}</p>',
    model.dashboards.map(
      (dashboard) =>
        `      <${dashboard.component} v-else-if="route.kind === 'dashboard' && route.name === ${quote(dashboard.name)}" />`,
    ),
    pages,
    '    </main>',
    '  </div>',
    '</template>',
  );
}

const viteConfig = `import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { webnovaSource } from './webnova-source.ts';

export default defineConfig({
  // webnovaSource runs in dev only: it tags page elements with data-webnova-source="path:line".
  plugins: [webnovaSource(fileURLToPath(new URL('..', import.meta.url))), vue()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
`;

const mainSource = `import { createApp } from 'vue';
import App from './App.vue';
import './styles.css';

createApp(App).mount('#root');
`;

const appStateSource = `// The app's shared state: the locale and the signed-in user. \`t\` reads the locale, so templates follow it.
import { reactive } from 'vue';
import type { CurrentUser } from './api';
import { type Locale, savedLocale, translate } from './i18n';

export const app = reactive<{ locale: Locale; user: CurrentUser | null }>({ locale: savedLocale(), user: null });

export function t(key: string): string {
  return translate(app.locale, key);
}
`;

const resourceSource = `// Loading a resource from the API whenever its path changes, with its error as text.
import { ref, type Ref, shallowRef, watch } from 'vue';
import { api } from '../api';

export function useResource<T>(path: () => string | null): { data: Ref<T | null>; error: Ref<string | null>; reload: () => void } {
  const data = shallowRef<T | null>(null);
  const error = ref<string | null>(null);
  async function load() {
    const current = path();
    if (current === null) return;
    error.value = null;
    try {
      data.value = await api.get<T>(current);
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    }
  }
  watch(path, () => void load(), { immediate: true });
  return { data: data as Ref<T | null>, error, reload: () => void load() };
}
`;

const fieldInputSource = `<!-- One form control per field kind, labelled from the Blueprint. -->
<script setup lang="ts">
import { computed } from 'vue';
import { t } from '../app-state';
import type { FieldSpec } from '../fields';
import { useResource } from './resource';

const props = defineProps<{ entity: string; field: FieldSpec }>();
const model = defineModel<string>({ required: true });
const label = computed(() => t('field.' + props.entity + '.' + props.field.name));
const { data: options, error: optionsError } = useResource<Array<Record<string, unknown>>>(() =>
  props.field.control === 'reference' && props.field.target ? '/' + props.field.target.route : null,
);
const checked = computed({
  get: () => model.value === 'true',
  set: (value: boolean) => (model.value = String(value)),
});
const step = computed(() => (props.field.control === 'number' ? (props.field.integer ? 1 : 'any') : undefined));
</script>

<template>
  <label v-if="field.control === 'reference' && options && !optionsError">
    {{ label }}
    <select v-model="model" :required="field.required">
      <option value="">{{ t('value.none') }}</option>
      <option v-for="record in options" :key="String(record.id)" :value="String(record.id)">
        {{ String(record[field.target?.display ?? 'id'] ?? record.id) }}
      </option>
    </select>
  </label>
  <label v-else-if="field.control === 'textarea' || field.control === 'json'">
    {{ label }}
    <textarea v-model="model" rows="4" :required="field.required"></textarea>
  </label>
  <label v-else-if="field.control === 'checkbox'">
    <input v-model="checked" type="checkbox" />
    {{ label }}
  </label>
  <label v-else-if="field.control === 'select'">
    {{ label }}
    <select v-model="model" :required="field.required">
      <option value="">{{ t('value.none') }}</option>
      <option v-for="option in field.options ?? []" :key="option" :value="option">
        {{ t('enum.' + entity + '.' + field.name + '.' + option) }}
      </option>
    </select>
  </label>
  <label v-else>
    {{ label }}
    <input v-model="model" :type="field.control === 'reference' ? 'text' : field.inputType" :required="field.required" :min="field.min" :max="field.max" :step="step" />
  </label>
</template>
`;

const countCardSource = `<!-- A dashboard card: how many records of one kind the user can see. -->
<script setup lang="ts">
import { app, t } from '../app-state';
import { useResource } from './resource';

const props = defineProps<{ entity: string; route: string }>();
const { data: records } = useResource<unknown[]>(() => '/' + props.route);
</script>

<template>
  <a class="card" :href="'#/' + route">
    <strong>{{ records ? new Intl.NumberFormat(app.locale).format(records.length) : '…' }}</strong>
    {{ t('entity.' + entity + '.plural') }}
  </a>
</template>
`;

const signInSource = `<!-- Email + password sign-in; the API answers with an HttpOnly session cookie. A platform without an
     account shows the first owner's setup instead: the one-time token the server printed, an email, a password. -->
<script setup lang="ts">
import { onMounted, ref } from 'vue';
import { api } from '../api';
import { app, t } from '../app-state';
import { isLocale, locales } from '../i18n';

const props = defineProps<{ onSignedIn: () => void }>();
const email = ref('');
const password = ref('');
// The setup token a link carries (#/setup/<token>): in the fragment, never sent to a server.
const setupToken = ref(/^#\\/setup\\/([A-Za-z0-9_-]+)$/.exec(window.location.hash)?.[1] ?? '');
const setup = ref(false);
const failed = ref(false);

onMounted(async () => {
  setup.value = await api.get<{ needed: boolean }>('/auth/setup').then(
    (status) => status.needed,
    () => false,
  );
});

async function submit() {
  try {
    if (setup.value) {
      await api.post('/auth/setup', { token: setupToken.value.trim(), email: email.value, password: password.value });
      window.location.hash = '#/';
    } else {
      await api.post('/auth/sign-in', { email: email.value, password: password.value });
    }
    props.onSignedIn();
  } catch {
    failed.value = true;
  }
}

function chooseLocale(event: Event) {
  const value = (event.target as HTMLSelectElement).value;
  if (isLocale(value)) app.locale = value;
}
</script>

<template>
  <main class="sign-in">
    <h1>{{ t('platform.name') }}</h1>
    <select :value="app.locale" :aria-label="t('app.language')" @change="chooseLocale">
      <option v-for="code in locales" :key="code" :value="code">{{ code }}</option>
    </select>
    <form @submit.prevent="submit">
      <template v-if="setup">
        <h2>{{ t('app.setupTitle') }}</h2>
        <p>{{ t('app.setupIntro') }}</p>
        <label>
          {{ t('app.setupToken') }}
          <input v-model="setupToken" autocomplete="off" required />
        </label>
      </template>
      <label>
        {{ t('app.email') }}
        <input v-model="email" type="email" autocomplete="username" required />
      </label>
      <label>
        {{ t('app.password') }}
        <input
          v-model="password"
          type="password"
          :autocomplete="setup ? 'new-password' : 'current-password'"
          :minlength="setup ? 10 : undefined"
          required
        />
      </label>
      <p v-if="failed" role="alert">{{ t(setup ? 'app.setupFailed' : 'app.signInFailed') }}</p>
      <button type="submit">{{ t(setup ? 'app.createOwner' : 'app.signIn') }}</button>
    </form>
  </main>
</template>
`;
