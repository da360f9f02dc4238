import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { APP_ROLE, type Database, type Queryable, type Scope, scopeStatement } from './database.js';
import { MIGRATIONS_FOLDER } from './migrations.js';
import { makePrivate } from './private-folder.js';

/**
 * Embedded PostgreSQL in a data folder, for a server without `DATABASE_URL`. PGlite has one connection
 * and one user, a superuser: the migrations run as it, then the connection switches to webnova_app for
 * good with SET ROLE, so row-level security binds every query here exactly as on PostgreSQL.
 * One process at a time may open a data folder. PGlite is single-user and its one user is a superuser:
 * the roles bind the server's own queries, but anyone who can run code in this process owns every
 * tenant's rows. It is for one machine and tenants that trust each other, not for hostile tenants.
 * The folder is made private (0700, files 0600) before and after PGlite opens it.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  await makePrivate(dataDir);
  const pglite = await PGlite.create(dataDir);
  try {
    await migrate(drizzle(pglite), { migrationsFolder: MIGRATIONS_FOLDER });
    await pglite.exec(`set role ${APP_ROLE}`);
    // PGlite made its files with the process's umask; new ones later land inside the 0700 folder.
    await makePrivate(dataDir);
  } catch (error) {
    await pglite.close();
    throw error;
  }

  const transaction: Database['transaction'] = (scope, work) =>
    pglite.transaction(async (inner) => {
      await inner.query(scopeStatement(scope));
      const tx: Queryable = {
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          (await inner.query<Row>(sql, params as unknown[])).rows,
      };
      return work(tx);
    });

  return {
    kind: 'pglite',
    transaction,
    // In process there is no round trip to save.
    queryOnce: <Row>(scope: Scope, sql: string, params?: readonly unknown[]) =>
      transaction(scope, (tx) => tx.query<Row>(sql, params)),
    // One process, one connection: nothing to reconnect.
    async listen(channel, handlers) {
      const unlisten = await pglite.listen(channel, (payload) => handlers.notify(payload));
      return { close: () => unlisten() };
    },
    async ping() {
      await pglite.query('select 1');
    },
    async close() {
      await pglite.close();
    },
  };
}
