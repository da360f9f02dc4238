import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultMigrationsFolder, EventStore } from '../../src/store/index.js';
import { device } from '../../src/store/schema.js';

/**
 * A brand-new PGlite costs seconds (initdb); copying a migrated one costs a fraction of that. So the
 * first test to need a store builds an empty, migrated store once per machine (per migrations and
 * PGlite version), and every test gets its own copy of it.
 */
function templateKey(): string {
  const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return createHash('sha256')
    .update(readFileSync(join(defaultMigrationsFolder, 'meta', '_journal.json')))
    .update(readFileSync(join(dirname(dirname(pgliteEntry)), 'package.json')))
    .digest('hex')
    .slice(0, 16);
}

async function templateDataDir(): Promise<string> {
  const template = join(tmpdir(), `webnova-store-template-${templateKey()}`);
  if (existsSync(join(template, 'store'))) return template;
  const building = await mkdtemp(join(tmpdir(), 'webnova-store-building-'));
  const store = await EventStore.open(building);
  await store.db.delete(device); // every copy mints its own device id
  await store.close();
  try {
    await rename(building, template);
  } catch (error) {
    // Another test file finished first: use its template, drop ours.
    if (!existsSync(join(template, 'store'))) throw error;
    await rm(building, { recursive: true, force: true });
  }
  return template;
}

/** A fresh data folder holding an empty, migrated store. */
export async function preparedDataDir(): Promise<string> {
  const template = await templateDataDir();
  const dataDir = await mkdtemp(join(tmpdir(), 'webnova-store-test-'));
  await cp(join(template, 'store'), join(dataDir, 'store'), { recursive: true });
  return dataDir;
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}

export const someone = { kind: 'user', id: 'owner-1' } as const;
