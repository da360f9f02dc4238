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
  /** Set when a device called with its credential (a route that `acceptsDevices`), not a session. */
  deviceId?: string;
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
/** Session queries in flight at once; checks arriving meanwhile wait and go together in the next. */
const MAX_IN_FLIGHT = 2;

/**
 * Session checks share queries under load. A check goes out at once when fewer than MAX_IN_FLIGHT
 * session queries are running; otherwise it waits for one to end and goes with every check that
 * arrived meanwhile, in one `token_hash in (…)` query. Each request's token is still read from the
 * database after that request arrived (a check never joins a query already sent), never from a cache,
 * so a user suspended, banned or demoted a moment ago is refused (or has the new role) on the very next
 * request.
 */
class SessionLookups {
  private waiting = new Map<string, Array<Waiter>>();
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly db: Database) {}

  find(hash: string): Promise<SessionRow | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(hash);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(hash, [{ resolve, reject }]);
      this.schedule();
    });
  }

  /** Sends the waiting checks after this turn's other requests have been read, if a query may go. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.waiting.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= MAX_IN_FLIGHT || this.waiting.size === 0) return;
    const batch = [...this.waiting].slice(0, BATCH_LIMIT);
    for (const [hash] of batch) this.waiting.delete(hash);
    this.inFlight += 1;
    void this.query(batch).finally(() => {
      this.inFlight -= 1;
      this.schedule();
    });
    this.schedule();
  }

  private async query(batch: Array<[string, Array<Waiter>]>): Promise<void> {
    try {
      const rows = await this.db.queryOnce<SessionRow>(
        'installation',
        `select s.token_hash, s.id as session_id, s.expires_at, u.id as user_id, u.tenant_id, u.role, u.email,
                u.permissions
           from sessions s join users u on u.id = s.user_id
          where s.token_hash = any($1::text[]) and s.revoked_at is null and s.expires_at > now()
            and u.status = 'ACTIVE'`,
        [batch.map(([hash]) => hash)],
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

/**
 * The tenant of a caller the route admits only from a tenant (`TENANT_USERS`): ROOT_OWNER, who belongs
 * to none, is refused (`what`: what only a tenant's users have, for the message).
 */
export function tenantOfUser(principal: Principal, what: string): string {
  if (principal.tenantId === null) throw new ServerError('PERMISSION_DENIED', `Only a tenant’s users have ${what}.`);
  return principal.tenantId;
}
