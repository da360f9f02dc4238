import { camel, quote } from '../model/naming.js';
import type { PlatformModel } from '../model/platform.js';
import { lines, type ProjectFiles } from '../project.js';

/**
 * The API's routes as framework-neutral data (method, path, status, handler). Each stack's
 * `app.ts` registers this table with its own server (Express, Fastify…); the handlers are shared.
 */
export function renderRoutes(model: PlatformModel, files: ProjectFiles): void {
  files.add('api/src/routes/route.ts', routeTypeSource);
  files.add('api/src/http.ts', httpSource);
  files.add('api/src/routes/auth.ts', authRoutesSource);
  const modules: Array<{ name: string; file: string }> = [{ name: 'authRoutes', file: 'auth' }];
  if (model.blueprint.api.crud) {
    for (const entity of model.entities) {
      const name = `${camel(entity.name)}Routes`;
      modules.push({ name, file: entity.file });
      const base = `/api/${entity.route}`;
      files.add(
        `api/src/routes/${entity.file}.ts`,
        lines(
          `// ${entity.name}: CRUD routes. Every handler checks the role's grant (see entities/${entity.file}.ts).`,
          `import * as service from '../entities/${entity.file}.js';`,
          "import type { RouteDefinition } from './route.js';",
          '',
          `export const ${name}: RouteDefinition[] = [`,
          `  { method: 'GET', path: '${base}', handle: (context) => service.list(context) },`,
          `  { method: 'GET', path: '${base}/:id', handle: (context, request) => service.read(context, request.params.id) },`,
          `  { method: 'POST', path: '${base}', status: 201, handle: (context, request) => service.create(context, request.body) },`,
          `  { method: 'PATCH', path: '${base}/:id', handle: (context, request) => service.update(context, request.params.id, request.body) },`,
          `  { method: 'DELETE', path: '${base}/:id', status: 204, handle: (context, request) => service.remove(context, request.params.id) },`,
          '];',
        ),
        entity.name,
      );
    }
  }
  if (model.endpoints.length > 0) {
    modules.push({ name: 'customRoutes', file: 'custom' });
    files.add(
      'api/src/routes/custom.ts',
      lines(
        "// The Blueprint's own endpoints. The role check is generated; what each one does is yours to write.",
        "import { HttpError, requireRole } from '../access/context.js';",
        "import type { RouteDefinition } from './route.js';",
        '',
        'export const customRoutes: RouteDefinition[] = [',
        model.endpoints.map((endpoint) =>
          lines(
            '  {',
            `    // ${endpoint.name}: ${endpoint.summary.replace(/\s+/g, ' ')}`,
            `    method: '${endpoint.method}',`,
            `    path: ${quote(`/api${endpoint.path === '/' ? '' : endpoint.path}`)},`,
            '    handle: (context) => {',
            `      requireRole(context, [${endpoint.roles.map(quote).join(', ')}]);`,
            `      throw new HttpError(501, 'NOT_IMPLEMENTED', ${quote(`${endpoint.name} is declared in the Blueprint but not written yet.`)});`,
            '    },',
            '  },',
          ),
        ),
        '];',
      ),
    );
  }
  if (model.controls.consent || model.controls.dataSubjectRights) {
    modules.push({ name: 'privacyRoutes', file: 'privacy' });
    files.add(
      'api/src/routes/privacy.ts',
      lines(
        "// GDPR: consents, a copy of a person's data, erasure.",
        "import { erasePersonalData, exportPersonalData, listConsents, recordConsent } from '../compliance/privacy.js';",
        "import type { RouteDefinition } from './route.js';",
        '',
        'export const privacyRoutes: RouteDefinition[] = [',
        "  { method: 'GET', path: '/api/privacy/consents', handle: (context) => listConsents(context) },",
        "  { method: 'POST', path: '/api/privacy/consents', status: 201, handle: (context, request) => recordConsent(context, request.body) },",
        "  { method: 'POST', path: '/api/privacy/export', handle: (context, request) => exportPersonalData(context, request.body) },",
        "  { method: 'POST', path: '/api/privacy/erase', handle: (context, request) => erasePersonalData(context, request.body) },",
        '];',
      ),
    );
  }
  files.add(
    'api/src/routes/index.ts',
    lines(
      '// Every route of the API, in registration order.',
      model.controls.cardDataGuard && "import { guardCardData } from '../compliance/card-data.js';",
      modules.map((module) => `import { ${module.name} } from './${module.file}.js';`),
      "import type { RouteDefinition } from './route.js';",
      '',
      model.controls.cardDataGuard && '// PCI-DSS: every write is scanned for card numbers before its handler runs.',
      'export const routes: readonly RouteDefinition[] = [',
      modules.map((module) => `  ...${module.name},`),
      model.controls.cardDataGuard ? '].map(guardCardData);' : '];',
    ),
  );
}

const routeTypeSource = `import type { RequestContext } from '../access/context.js';

export interface ApiRequest {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

/** One route: \`path\` uses \`:name\` parameters, understood by Express and Fastify alike. */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** The success status; 204 sends no body. */
  readonly status?: number;
  /** Sign-in sets the session cookie from the result's token; sign-out clears it. */
  readonly session?: 'start' | 'end';
  /** False for a write that stores nothing it is sent (sign-in): no card-data scan. */
  readonly storesInput?: boolean;
  handle(context: RequestContext, request: ApiRequest): unknown;
}
`;

const httpSource = `// What the server adapters share: building a request's context and the session cookie.
import type { RequestContext } from './access/context.js';
import { requestToken, sessionUser } from './auth/sessions.js';
import type { Database } from './db/client.js';

export async function requestContext(db: Database, headers: { authorization?: string | undefined; cookie?: string | undefined }): Promise<RequestContext> {
  const token = requestToken(headers.authorization, headers.cookie);
  return { db, token, user: await sessionUser(db, token) };
}

/** The token a sign-in result carries, for the cookie. */
export function resultToken(result: unknown): string | null {
  const token = (result as { token?: unknown } | null)?.token;
  return typeof token === 'string' ? token : null;
}
`;

const authRoutesSource = `// Accounts and sessions, and the first owner's setup (with the token the server printed).
import { createAccountByRequest, currentUser, signIn, signOut } from '../auth/accounts.js';
import { createFirstOwner, setupStatus } from '../auth/setup.js';
import type { RouteDefinition } from './route.js';

export const authRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/api/auth/setup', handle: (context) => setupStatus(context) },
  { method: 'POST', path: '/api/auth/setup', status: 201, session: 'start', handle: (context, request) => createFirstOwner(context, request.body) },
  { method: 'POST', path: '/api/auth/sign-in', session: 'start', storesInput: false, handle: (context, request) => signIn(context, request.body) },
  { method: 'POST', path: '/api/auth/sign-out', session: 'end', handle: (context) => signOut(context) },
  { method: 'GET', path: '/api/auth/me', handle: (context) => currentUser(context) },
  { method: 'POST', path: '/api/auth/accounts', status: 201, handle: (context, request) => createAccountByRequest(context, request.body) },
];
`;
