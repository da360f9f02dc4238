import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
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

/** Opens (creating on first use) the PGlite data folder and brings its schema up to date. */
export async function openPgliteDatabase(folder: string, migrationsFolder: string): Promise<OpenDatabase> {
  const client = await PGlite.create({ dataDir: folder });
  try {
    const db = drizzle({ client, schema: storeSchema });
    await migrate(db, { migrationsFolder });
    return { db, oneConnection: true, close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Rows of a raw statement, whichever driver ran it (PGlite and node-postgres wrap them, postgres.js does not). */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? []);
}
