import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { type Database, type Queryable, type Scope, scopeStatement } from './database.js';
import { MIGRATIONS_FOLDER } from './migrations.js';

/**
 * PostgreSQL through `DATABASE_URL`. Migrations run as the URL's own role (the tables' owner); every
 * transaction then drops to webnova_app (`scopeStatement`), so row-level security binds all queries.
 * The URL's role must be a member of webnova_app (a superuser is; the first migration creates the role).
 */
export async function openPostgres(url: string): Promise<Database> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await migrate(drizzle(admin), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await admin.end();
  }

  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server dropped (a restart, a terminated backend) is discarded by the pool and
  // replaced on the next query; unheard, the pool's 'error' event would end the process. /readyz tells
  // whether the database answers.
  pool.on('error', () => undefined);

  return {
    kind: 'postgres',
    async transaction(scope, work) {
      const client = await pool.connect();
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
    async queryOnce<Row>(scope: Scope, sql: string) {
      const results = (await pool.query(`${scopeStatement(scope)}; ${sql}`)) as unknown as pg.QueryResult[];
      return (results[1]?.rows ?? []) as Row[];
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}
