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

interface SessionRow {
  token_hash: string;
  session_id: string;
  expires_at: string | Date;
  user_id: string;
  tenant_id: string | null;
  role: Role;
  email: string;
  permissions: string[];
}

interface Waiter {
  resolve(row: SessionRow | undefined): void;
  reject(error: unknown): void;
}

/** At most this many tokens travel in one session query. */
const BATCH_LIMIT = 256;

/**
 * Session checks that arrive in the same turn of the event loop share one query. Each request's token
 * is still read from the database after that request arrived, never from a cache, so a user suspended,
 * banned or demoted a moment ago is refused (or has the new role) on the very next request; under load
 * the server simply sends one query for many requests instead of one each.
 */
class SessionLookups {
  private waiting = new Map<string, Array<Waiter>>();

  constructor(private readonly db: Database) {}

  find(hash: string): Promise<SessionRow | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(hash);
      if (list) list.push({ resolve, reject });
      else {
        if (this.waiting.size === 0) setImmediate(() => this.flush());
        this.waiting.set(hash, [{ resolve, reject }]);
      }
    });
  }

  private flush(): void {
    const batch = [...this.waiting];
    this.waiting = new Map();
    for (let start = 0; start < batch.length; start += BATCH_LIMIT) {
      void this.query(batch.slice(start, start + BATCH_LIMIT));
    }
  }

  private async query(batch: Array<[string, Array<Waiter>]>): Promise<void> {
    try {
      // One round trip: the hashes are hex, so they can travel as literals (see Database.queryOnce).
      const hashes = batch.map(([hash]) => `'${hash}'`).join(', ');
      const rows = await this.db.queryOnce<SessionRow>(
        'installation',
        `select s.token_hash, s.id as session_id, s.expires_at, u.id as user_id, u.tenant_id, u.role, u.email,
                u.permissions
           from sessions s join users u on u.id = s.user_id
          where s.token_hash in (${hashes}) and s.revoked_at is null and s.expires_at > now()
            and u.status = 'ACTIVE'`,
      );
      const byHash = new Map(rows.map((row) => [row.token_hash, row]));
      for (const [hash, waiters] of batch) for (const waiter of waiters) waiter.resolve(byHash.get(hash));
    } catch (error) {
      for (const [, waiters] of batch) for (const waiter of waiters) waiter.reject(error);
    }
  }
}

const lookups = new WeakMap<Database, SessionLookups>();

/** Checks a session token against the database (see SessionLookups): who is calling, as of now. */
export async function authenticateToken(db: Database, token: string): Promise<Principal> {
  if (!TOKEN.test(token)) throw new ServerError('UNAUTHORIZED', 'The session has ended or is not valid: log in again.');
  const hash = tokenHash(token);
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('a token hash is hex');
  let sessions = lookups.get(db);
  if (!sessions) {
    sessions = new SessionLookups(db);
    lookups.set(db, sessions);
  }
  const row = await sessions.find(hash);
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
