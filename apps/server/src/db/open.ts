import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export type DatabaseTarget = { url: string; migrationUrl?: string } | { dataDir: string };

/** PostgreSQL when a URL is given, else PGlite in the data folder; migrated and ready either way. */
export function openDatabase(target: DatabaseTarget): Promise<Database> {
  return 'url' in target ? openPostgres(target.url, target) : openPglite(target.dataDir);
}
