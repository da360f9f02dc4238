import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { makePrivateFolder, narrowTree } from '../settings/private-folder.js';
import { storeSchema } from './schema.js';

export type StoreSchema = typeof storeSchema;

/** The store's tables on any PostgreSQL driver drizzle knows (PGlite here, node-postgres on a server). */
export type StoreDatabase = PgDatabase<PgQueryResultHKT, StoreSchema>;

/** A transaction on the store's database, as `StoreDatabase.transaction` hands it to its callback. */
export type StoreTransaction = Parameters<Parameters<StoreDatabase['transaction']>[0]>[0];

/**
 * The checked-in drizzle-kit migrations, next to the sources. A bundled app must ship this folder
 * and pass its path, since bundling moves `import.meta.url`.
 */
export const defaultMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenDatabase {
  db: StoreDatabase;
  /** True when the database has one connection and runs one transaction at a time (PGlite). */
  oneConnection: boolean;
  close(): Promise<void>;
}

/**
 * Opens (creating on first use) the PGlite data folder and brings its schema up to date. The folder
 * holds every decision's payload (in its tables and its WAL), so it is private to its owner. PGlite
 * creates files with the process umask (0644, or 0666 under umask 0), and changing the umask would
 * leak into every task, terminal and generated project; so the folder is made 0700 before PGlite
 * starts and what is in it is narrowed to 0600 before, right after it started (initdb, migrations)
 * and after it closed. A file PGlite adds while running (a new WAL segment) carries the umask's mode
 * until then, inside the 0700 folder that no other user can enter.
 */
export async function openPgliteDatabase(folder: string, migrationsFolder: string): Promise<OpenDatabase> {
  await makePrivateFolder(folder);
  await narrowTree(folder);
  const client = await PGlite.create({ dataDir: folder });
  try {
    const db = drizzle({ client, schema: storeSchema });
    await migrate(db, { migrationsFolder });
    await narrowTree(folder);
    const close = async () => {
      await client.close();
      await narrowTree(folder);
    };
    return { db, oneConnection: true, close };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Rows of a raw statement, whichever driver ran it (PGlite and node-postgres wrap them, postgres.js does not). */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? []);
}
