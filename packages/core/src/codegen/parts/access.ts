import { quote } from '../model/naming.js';
import type { PlatformModel } from '../model/platform.js';
import { lines, type ProjectFiles } from '../project.js';

/** The role × entity matrix as data, shared word for word by the API (enforcement) and the web app (menus). */
export function permissionsSource(model: PlatformModel): string {
  const matrix = model.entities.map((entity) => {
    const grants = [...entity.grants.entries()].map(([role, grant]) => {
      const rows = grant.own
        ? `{ scope: 'own', key: ${quote(grant.own.key)}, match: '${grant.own.match}' }`
        : "{ scope: 'all' }";
      return `    ${role}: { actions: [${grant.actions.map((action) => `'${action}'`).join(', ')}], rows: ${rows} },`;
    });
    return lines(`  ${entity.name}: {`, grants, '  },');
  });
  return lines(
    "// Who may do what, generated from the Blueprint's permissions. The API enforces it on every route;",
    '// the web app reads it only to hide what a role cannot use.',
    '',
    `export const roles = [${model.roles.map((role) => quote(role.name)).join(', ')}] as const;`,
    'export type Role = (typeof roles)[number];',
    '',
    "export const actions = ['create', 'read', 'update', 'delete', 'list'] as const;",
    'export type Action = (typeof actions)[number];',
    '',
    '/** `own`: only records whose `key` points at the signed-in user (their linked record, email or id). */',
    "export type RowScope = { readonly scope: 'all' } | { readonly scope: 'own'; readonly key: string; readonly match: 'person' | 'email' | 'user' };",
    '',
    'export interface Grant {',
    '  readonly actions: readonly Action[];',
    '  readonly rows: RowScope;',
    '}',
    '',
    'export const permissions = {',
    matrix,
    '} as const satisfies Record<string, Partial<Record<Role, Grant>>>;',
    '',
    'export type EntityName = keyof typeof permissions;',
    '',
    `/** The role that manages accounts. */`,
    `export const accountAdminRole: Role | null = ${model.accountAdminRole ? quote(model.accountAdminRole) : 'null'};`,
    '',
    '/** The grant that lets `role` do `action` on `entity`, if any. */',
    'export function grantOf(role: string, entity: EntityName, action: Action): Grant | undefined {',
    '  const byRole: Partial<Record<string, Grant>> = permissions[entity];',
    '  const grant = Object.hasOwn(byRole, role) ? byRole[role] : undefined;',
    '  return grant?.actions.includes(action) ? grant : undefined;',
    '}',
    '',
    'export function isRole(value: string): value is Role {',
    '  return (roles as readonly string[]).includes(value);',
    '}',
  );
}

export function renderAccess(model: PlatformModel, files: ProjectFiles): void {
  files.add('api/src/access/permissions.ts', permissionsSource(model));
  files.add('api/src/access/context.ts', contextSource);
}

const contextSource = `// What every handler receives, and the checks and errors they share.
import { z } from 'zod';
import type { Database } from '../db/client.js';
import { type Action, type EntityName, type Grant, grantOf } from './permissions.js';

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly personId: string | null;
}

export interface RequestContext {
  readonly db: Database;
  readonly user: SessionUser | null;
  /** The raw session token of the request, if any (logout ends it). */
  readonly token: string | null;
}

/** An error with the HTTP status and code the client sees. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function requireUser(context: RequestContext): SessionUser {
  if (!context.user) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first.');
  return context.user;
}

/** The signed-in user and their grant for \`action\` on \`entity\`; 401 or 403 otherwise. */
export function authorize(context: RequestContext, entity: EntityName, action: Action): { user: SessionUser; grant: Grant } {
  const user = requireUser(context);
  const grant = grantOf(user.role, entity, action);
  if (!grant) throw new HttpError(403, 'FORBIDDEN', \`The role \${user.role} may not \${action} \${entity}.\`);
  return { user, grant };
}

export function requireRole(context: RequestContext, allowed: readonly string[]): SessionUser {
  const user = requireUser(context);
  if (!allowed.includes(user.role)) throw new HttpError(403, 'FORBIDDEN', \`The role \${user.role} may not call this endpoint.\`);
  return user;
}

export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(400, 'INVALID_INPUT', 'The request does not match the expected shape.', z.treeifyError(result.error));
  }
  return result.data;
}

const recordId = z.uuid();

/** A record id from a URL; anything that is not a UUID cannot name a record. */
export function parseId(value: unknown): string {
  const result = recordId.safeParse(value);
  if (!result.success) throw new HttpError(404, 'NOT_FOUND', 'No such record.');
  return result.data;
}

const databaseErrors: Record<string, [number, string, string]> = {
  '23505': [409, 'DUPLICATE', 'A record with this value already exists.'],
  '23503': [409, 'REFERENCED', 'The record refers to, or is referred to by, another record.'],
  '23502': [400, 'INVALID_INPUT', 'A required value is missing.'],
  '23514': [400, 'INVALID_INPUT', 'A value is not allowed.'],
  '22P02': [400, 'INVALID_INPUT', 'A value has the wrong format.'],
};

function databaseCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in databaseErrors) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The status and body an error is answered with; unexpected errors never leak their text. */
export function errorResponse(error: unknown): { status: number; body: { error: { code: string; message: string; details?: unknown } } } {
  if (error instanceof HttpError) {
    const body = error.details === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, details: error.details };
    return { status: error.status, body: { error: body } };
  }
  const code = databaseCode(error);
  if (code) {
    const [status, name, message] = databaseErrors[code] ?? [500, 'INTERNAL', 'Unexpected error.'];
    return { status, body: { error: { code: name, message } } };
  }
  console.error(error);
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Unexpected error.' } } };
}
`;
