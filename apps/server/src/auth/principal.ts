import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { ServerError } from '../http/problem.js';
import type { Role } from '../users/user.js';
import { tokenHash } from './tokens.js';

/** Who is calling, as the database says at this very request. */
export interface Principal {
  sessionId: string;
  userId: string;
  tenantId: string | null;
  role: Role;
  email: string;
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  if (!match?.[1]) throw new ServerError('UNAUTHORIZED', 'Send a session token: `Authorization: Bearer <token>`.');
  return match[1];
}

/**
 * Checks the session against the database on every request, never against a cache: a user suspended,
 * banned or demoted a moment ago is refused (or has the new role) on the very next request.
 */
export async function authenticate(db: Database, request: FastifyRequest): Promise<Principal> {
  const hash = tokenHash(bearerToken(request));
  const rows = await db.transaction('installation', (tx) =>
    tx.query<{ session_id: string; user_id: string; tenant_id: string | null; role: Role; email: string }>(
      `select s.id as session_id, u.id as user_id, u.tenant_id, u.role, u.email
         from sessions s join users u on u.id = s.user_id
        where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and u.status = 'ACTIVE'`,
      [hash],
    ),
  );
  const row = rows[0];
  if (!row) throw new ServerError('UNAUTHORIZED', 'The session has ended or is not valid: log in again.');
  return { sessionId: row.session_id, userId: row.user_id, tenantId: row.tenant_id, role: row.role, email: row.email };
}

export function requireRootOwner(principal: Principal): void {
  if (principal.role !== 'ROOT_OWNER') {
    throw new ServerError('PERMISSION_DENIED', 'Only the installation’s ROOT_OWNER may do this.');
  }
}
