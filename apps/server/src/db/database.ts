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
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The role every query runs as: no BYPASSRLS, owns no table (drizzle/0001_row-level-security.sql). */
export const APP_ROLE = 'webnova_app';

/**
 * The statement that opens each transaction: it drops to the app role and sets the scope, all with
 * `set_config(…, true)`, which ends with the transaction, so a pooled connection never carries a
 * scope (or the owner's rights) from one request into the next.
 */
export function scopeStatement(scope: Scope): { sql: string; params: string[] } {
  const tenantId = scope === 'installation' ? '' : scope.tenantId;
  const name = scope === 'installation' ? 'installation' : 'tenant';
  return {
    sql: `select set_config('role', '${APP_ROLE}', true), set_config('app.scope', $1, true), set_config('app.tenant_id', $2, true)`,
    params: [name, tenantId],
  };
}
