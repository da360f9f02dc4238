import { createHash, randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import {
  APP_ROLE,
  type Database,
  INSTALLATION_ROLE,
  inTenantScope,
  type Queryable,
  type Scope,
  scopeStatement,
  scopeTenant,
} from './database.js';
import { listenOnPostgres } from './listener.js';
import { MIGRATIONS_FOLDER } from './migrations.js';

export interface PostgresOptions {
  /**
   * The tables' owner, for the migrations. With it, `url` is the serving URL: its user must be
   * webnova_app, and its password becomes the password of both serving roles. Without it, `url` itself
   * migrates (when its user is not webnova_app) and the serving roles get a new random password.
   */
  migrationUrl?: string;
}

/** The advisory lock the migrations run under; released when the owner's connection ends. */
const MIGRATION_LOCK = 'webnova-server migrations';

/** Connections of each scope per process. */
const POOL_SIZE = 5;

const statementNames = new Map<string, string>();

/**
 * `text` as a statement each connection prepares once, named after its text, then only binds and runs:
 * parsing and planning the session check cost more than running it. Only for the few constant texts
 * of `queryOnce` (values travel as parameters), so each connection holds a handful.
 */
function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (!name) {
    name = `webnova_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

function asUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.href;
}

function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Runs the migrations as the owner, then lets the two serving roles log in with `password`. The roles
 * (drizzle/0001, 0004) are not superusers, have no BYPASSRLS and own nothing; logging in as them rather
 * than switching to them from the owner means no statement the server sends can switch back: `reset
 * role` lands on the same role, and `set role` to another or `set session authorization` is refused.
 */
/**
 * Roles belong to the cluster, not to one database (nor its advisory lock): servers of two databases
 * on one cluster starting at once may alter a role together, and PostgreSQL refuses the second with
 * "tuple concurrently updated". That one tries again, a few times.
 */
async function alterRole(owner: pg.Client, statement: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await owner.query(statement);
      return;
    } catch (error) {
      if (attempt >= 5 || !/tuple concurrently updated/.test((error as Error).message)) throw error;
    }
  }
}

async function migrateAndProvision(ownerUrl: string, password: string): Promise<void> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    // Replicas started together each migrate on start: one at a time, the others then find nothing to do.
    await owner.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    await migrate(drizzle(owner), { migrationsFolder: MIGRATIONS_FOLDER });
    for (const role of [APP_ROLE, INSTALLATION_ROLE]) {
      await alterRole(owner, `alter role ${role} with login password ${owner.escapeLiteral(password)}`);
    }
  } finally {
    await owner.end();
  }
}

/** Refuses to serve through a connection that could see past row-level security. */
async function checkServingRole(pool: pg.Pool, role: string): Promise<void> {
  const { rows } = await pool.query<{ session: string; superuser: boolean; bypass: boolean; owned: number }>(
    `select session_user as session, r.rolsuper as superuser, r.rolbypassrls as bypass,
            (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
       from pg_roles r where r.rolname = session_user`,
  );
  const [me] = rows;
  if (!me || me.session !== role || me.superuser || me.bypass || me.owned > 0) {
    throw new Error(
      `the serving connection must log in as ${role}, not a superuser, without BYPASSRLS, owning nothing (got ${JSON.stringify(me)})`,
    );
  }
}

/**
 * PostgreSQL through `DATABASE_URL`. The migrations run as the tables' owner (`migrationUrl`, or `url`
 * when it is the only URL); the server then serves through two pools that log in as webnova_app (a
 * tenant's transactions) and webnova_installation (login, session checks, ROOT_OWNER's tenant list), so
 * the owner's or a superuser's connection never serves a request. With one privileged URL, the serving
 * roles get a random password on every start: one server process per PostgreSQL cluster (a second would
 * change the password under the first); several replicas use `migrationUrl` and a fixed password.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const servingUser = userOf(url);
  let password: string;
  if (options.migrationUrl) {
    if (servingUser !== APP_ROLE) {
      throw new Error(`with DATABASE_MIGRATION_URL, DATABASE_URL must log in as ${APP_ROLE} (it names ${servingUser})`);
    }
    password = decodeURIComponent(new URL(url).password);
    if (password === '') throw new Error(`DATABASE_URL must carry the password ${APP_ROLE} is to log in with`);
    await migrateAndProvision(options.migrationUrl, password);
  } else if (servingUser === APP_ROLE) {
    // Serving only: the migrations were applied by a start that had the owner's URL.
    password = decodeURIComponent(new URL(url).password);
  } else {
    password = randomBytes(24).toString('base64url');
    await migrateAndProvision(url, password);
  }

  const pools = {
    tenant: new pg.Pool({ connectionString: asUser(url, APP_ROLE, password), max: POOL_SIZE }),
    installation: new pg.Pool({ connectionString: asUser(url, INSTALLATION_ROLE, password), max: POOL_SIZE }),
  };
  // An idle connection the server dropped (a restart, a terminated backend) is discarded by the pool and
  // replaced on the next query; unheard, the pool's 'error' event would end the process. /readyz tells
  // whether the database answers.
  for (const pool of Object.values(pools)) pool.on('error', () => undefined);
  const poolOf = (scope: Scope) => (scope === 'installation' ? pools.installation : pools.tenant);
  const close = () => Promise.all(Object.values(pools).map((pool) => pool.end())).then(() => undefined);
  try {
    await checkServingRole(pools.tenant, APP_ROLE);
    await checkServingRole(pools.installation, INSTALLATION_ROLE);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    kind: 'postgres',
    async transaction(scope, work) {
      const client = await poolOf(scope).connect();
      try {
        // One round trip: a multi-statement simple query (no parameters) opens and scopes the transaction.
        await client.query(`begin; ${scopeStatement(scope)}`);
        const tx: Queryable = {
          query: async <Row>(sql: string, params: readonly unknown[] = []) =>
            (await client.query(sql, params as unknown[])).rows as Row[],
        };
        const result = await work(tx);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    // Each pool logs in as its scope's role (checked above), so only the tenant is left to name: the
    // installation's role sees every row and reads no setting; a tenant's read names it in the statement.
    async queryOnce<Row>(scope: Scope, sql: string, params: readonly unknown[] = []) {
      if (scope === 'installation') return (await pools.installation.query(prepared(sql, [...params]))).rows as Row[];
      const scoped = inTenantScope(sql, params.length + 1);
      return (await pools.tenant.query(prepared(scoped, [...params, scopeTenant(scope)]))).rows as Row[];
    },
    // As the installation's role: a notification names its tenant, and the listener reads no rows.
    listen: (channel, handlers, onError) =>
      listenOnPostgres(asUser(url, INSTALLATION_ROLE, password), channel, handlers, onError),
    async ping() {
      await pools.installation.query('select 1');
    },
    close,
  };
}
