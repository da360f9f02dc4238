import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { MIGRATIONS_FOLDER } from '../../src/db/migrations.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

/** A database for one test file: opened (migrated), reopenable, and gone afterwards. */
export interface TestDatabase {
  db: Database;
  /** Closes `db` and opens the same data again, running the migrations again. */
  reopen(): Promise<Database>;
  /** The migrations recorded as applied, read as the owner. */
  appliedMigrations(): Promise<number>;
  dispose(): Promise<void>;
}

const ADMIN_URL = process.env.WEBNOVA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** An empty database with a random name on the local PostgreSQL 15 (nothing migrated), and how to drop it. */
export async function emptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `webnova_server_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A new database with a random name on the local PostgreSQL 15, migrated, dropped by `dispose`. */
export async function postgresTestDatabase(): Promise<TestDatabase & { url: string }> {
  const empty = await emptyPostgresDatabase();
  const url = new URL(empty.url);
  let db = await openPostgres(url.href);
  return {
    url: url.href,
    get db() {
      return db;
    },
    async reopen() {
      await db.close();
      db = await openPostgres(url.href);
      return db;
    },
    async appliedMigrations() {
      const owner = new pg.Client({ connectionString: url.href });
      await owner.connect();
      try {
        const result = await owner.query('select count(*)::int as count from drizzle.__drizzle_migrations');
        return result.rows[0].count as number;
      } finally {
        await owner.end();
      }
    },
    async dispose() {
      await db.close().catch(() => undefined);
      await empty.drop();
    },
  };
}

/**
 * A migrated PGlite data folder. A new PGlite costs 5–9 s; copying a prepared one costs well under one,
 * so the first run prepares a template per set of migrations and later runs copy it.
 */
export async function preparedPgliteDir(): Promise<string> {
  const digest = createHash('sha256');
  for (const file of (await readdir(MIGRATIONS_FOLDER, { recursive: true })).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json'))
      digest.update(file).update(await readFile(join(MIGRATIONS_FOLDER, file)));
  }
  const template = join(tmpdir(), `webnova-server-pglite-${digest.digest('hex').slice(0, 16)}`);
  const copy = await mkdtemp(join(tmpdir(), 'webnova-server-test-'));
  try {
    await cp(template, copy, { recursive: true, errorOnExist: false });
    return copy;
  } catch {
    const fresh = await mkdtemp(join(tmpdir(), 'webnova-server-template-'));
    await (await openPglite(fresh)).close();
    await cp(fresh, copy, { recursive: true });
    // Another run may have won the race; its template is as good as ours.
    await rename(fresh, template).catch(() => rm(fresh, { recursive: true, force: true }));
    return copy;
  }
}

export async function pgliteTestDatabase(): Promise<TestDatabase> {
  const dataDir = await preparedPgliteDir();
  let db = await openPglite(dataDir);
  return {
    get db() {
      return db;
    },
    async reopen() {
      await db.close();
      db = await openPglite(dataDir);
      return db;
    },
    async appliedMigrations() {
      // PGlite's one connection runs as webnova_app, which may not read drizzle's schema: read a copy as its superuser.
      const { PGlite } = await import('@electric-sql/pglite');
      await db.close();
      const owner = await PGlite.create(dataDir);
      try {
        const result = await owner.query<{ count: number }>(
          'select count(*)::int as count from drizzle.__drizzle_migrations',
        );
        return result.rows[0]?.count ?? 0;
      } finally {
        await owner.close();
        db = await openPglite(dataDir);
      }
    },
    async dispose() {
      await db.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
