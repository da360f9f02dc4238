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
   * One statement in its own scope, in a single round trip where the engine allows (PostgreSQL takes the
   * scope and the statement as one multi-statement query, which runs as one implicit transaction). No
   * parameters travel this way: `sql` must hold only literals the caller has checked. For the hot path
   * every signed-in request takes, the session check.
   */
  queryOnce<Row = Record<string, unknown>>(scope: Scope, sql: string): Promise<Row[]>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The role tenant-scoped queries run as: no BYPASSRLS, owns no table, sees one tenant's rows (drizzle/0004). */
export const APP_ROLE = 'webnova_app';
/** The role installation-scoped queries run as: no BYPASSRLS, owns no table, sees every tenant's rows. */
export const INSTALLATION_ROLE = 'webnova_installation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `'<uuid>'::uuid` for a statement sent without parameters (`queryOnce`); anything but a UUID throws. */
export function uuidLiteral(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a uuid: ${JSON.stringify(id)}`);
  return `'${id}'::uuid`;
}

/**
 * The statement that opens each transaction: it switches to the scope's role and names the tenant, both
 * with `set_config(…, true)`, which ends with the transaction, so a pooled connection never carries a
 * scope (or the owner's rights) from one request into the next. Written as literals rather than
 * parameters so PostgreSQL can take it in the same round trip as `begin`; the tenant id is checked to
 * be a UUID first, so nothing else can reach the text.
 */
export function scopeStatement(scope: Scope): string {
  if (scope === 'installation') {
    return `select set_config('role', '${INSTALLATION_ROLE}', true), set_config('app.tenant_id', '', true)`;
  }
  if (!UUID.test(scope.tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(scope.tenantId)}`);
  return `select set_config('role', '${APP_ROLE}', true), set_config('app.tenant_id', '${scope.tenantId}', true)`;
}
