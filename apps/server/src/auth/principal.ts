import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { ServerError } from '../http/problem.js';
import type { Role } from '../users/user.js';
import { effectivePermissions, type Permission } from './permissions.js';
import { tokenHash } from './tokens.js';

/** Who is calling, as the database says at this very request. */
export interface Principal {
  sessionId: string;
  sessionExpiresAt: Date;
  userId: string;
  tenantId: string | null;
  role: Role;
  email: string;
  permissions: ReadonlySet<Permission>;
}

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
  if (!TOKEN.test(token))
    throw new ServerError('UNAUTHORIZED', 'Send a session token: `Authorization: Bearer <token>`.');
  return token;
}

/**
 * Checks a session token against the database, never against a cache: a user suspended, banned or
 * demoted a moment ago is refused (or has the new role) on the very next request.
 */
export async function authenticateToken(db: Database, token: string): Promise<Principal> {
  if (!TOKEN.test(token)) throw new ServerError('UNAUTHORIZED', 'The session has ended or is not valid: log in again.');
  const hash = tokenHash(token);
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('a token hash is hex');
  // One round trip: the hash is hex, so it can travel as a literal (see Database.queryOnce).
  const rows = await db.queryOnce<{
    session_id: string;
    expires_at: string | Date;
    user_id: string;
    tenant_id: string | null;
    role: Role;
    email: string;
    permissions: string[];
  }>(
    'installation',
    `select s.id as session_id, s.expires_at, u.id as user_id, u.tenant_id, u.role, u.email, u.permissions
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = '${hash}' and s.revoked_at is null and s.expires_at > now() and u.status = 'ACTIVE'`,
  );
  const row = rows[0];
  if (!row) throw new ServerError('UNAUTHORIZED', 'The session has ended or is not valid: log in again.');
  return {
    sessionId: row.session_id,
    sessionExpiresAt: new Date(row.expires_at),
    userId: row.user_id,
    tenantId: row.tenant_id,
    role: row.role,
    email: row.email,
    permissions: effectivePermissions(row.role, row.permissions),
  };
}

export function authenticate(db: Database, request: FastifyRequest): Promise<Principal> {
  return authenticateToken(db, bearerToken(request));
}

export function requireRootOwner(principal: Principal): void {
  if (principal.role !== 'ROOT_OWNER') {
    throw new ServerError('PERMISSION_DENIED', 'Only the installation’s ROOT_OWNER may do this.');
  }
}
