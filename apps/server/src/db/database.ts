import type { ListenHandlers, Listening } from './listener.js';

/** One query inside a transaction: positional parameters ($1, $2…), rows as plain objects. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * Whose rows a transaction may see. `tenant`: one tenant's rows only. `installation`: what belongs to
 * no single tenant (login, session checks, bootstrap, ROOT_OWNER's administration).
 */
export type Scope = { tenantId: string } | 'installation';

/** The server's database, PostgreSQL or embedded PGlite, seen the same way by every route. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction whose row-level-security scope is set first. */
  transaction<T>(scope: Scope, work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * One SELECT (positional parameters, as `Queryable.query`) in its own scope, in a single round trip
   * where the engine has round trips: PostgreSQL runs the scope and the statement as one statement (see
   * `inTenantScope`). For the hot paths: the session check every signed-in request takes, and reads.
   * `sql` is a constant text, values travel as parameters: PostgreSQL prepares each text once per
   * connection. Rows come back in no promised order: aggregate (`json_agg(… order by …)`) where it matters.
   */
  queryOnce<Row = Record<string, unknown>>(scope: Scope, sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Listens to `channel` (`pg_notify` from any process on this database: every replica's pushes) on a
   * connection of its own, reconnecting when it is lost (`handlers.reconnected`).
   */
  listen(channel: string, handlers: ListenHandlers, onError?: (error: unknown) => void): Promise<Listening>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The role tenant-scoped queries run as: no BYPASSRLS, owns no table, sees one tenant's rows (drizzle/0004). */
export const APP_ROLE = 'webnova_app';
/** The role installation-scoped queries run as: no BYPASSRLS, owns no table, sees every tenant's rows. */
export const INSTALLATION_ROLE = 'webnova_installation';

/** A text PostgreSQL's `uuid` type takes. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A scope's tenant id, checked to be a UUID (anything else throws), or '' for the installation. */
export function scopeTenant(scope: Scope): string {
  if (scope === 'installation') return '';
  if (!UUID.test(scope.tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(scope.tenantId)}`);
  return scope.tenantId;
}

/**
 * `sql`, one SELECT with parameters $1…$(tenantParameter − 1), as a single statement that first names
 * the tenant (parameter `tenantParameter`) for this statement alone: for a connection that already runs
 * as webnova_app. PostgreSQL's extended protocol would carry several parameterised statements up to one
 * Sync as one implicit transaction, but node-postgres sends a Sync after each, so the setting and the
 * read must be one statement; and within a statement SQL promises no order of evaluation but what the
 * data asks for. So the read is a LATERAL subquery gated on the setting's result (`scope.tenant is not
 * null`): PostgreSQL plans the gate as the read's one-time filter, which runs `set_config` before any
 * row of the read is fetched, and the policies read the setting (`current_setting`, once per statement)
 * from inside it. `offset 0` keeps the read a subquery of its own: merged into the outer query, the gate
 * would filter `scope` alone and which side runs first would be the planner's choice.
 */
export function inTenantScope(sql: string, tenantParameter: number): string {
  return `select q.* from (select set_config('app.tenant_id', $${tenantParameter}, true) as tenant) scope
    cross join lateral (select * from (${sql}) q where scope.tenant is not null offset 0) q`;
}

/**
 * The statement that opens each transaction: it switches to the scope's role and names the tenant, both
 * with `set_config(…, true)`, which ends with the transaction, so a pooled connection never carries a
 * scope (or the owner's rights) from one request into the next. Written as literals rather than
 * parameters so PostgreSQL can take it in the same round trip as `begin`; the tenant id is checked to
 * be a UUID first, so nothing else can reach the text.
 */
export function scopeStatement(scope: Scope): string {
  const role = scope === 'installation' ? INSTALLATION_ROLE : APP_ROLE;
  return `select set_config('role', '${role}', true), set_config('app.tenant_id', '${scopeTenant(scope)}', true)`;
}
