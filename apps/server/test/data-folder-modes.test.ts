import { chmod, lstat, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite } from '../src/db/pglite.js';
import { makePrivate } from '../src/db/private-folder.js';
import { preparedPgliteDir } from './support/databases.js';
import { OPEN_TIMEOUT_MS } from './support/test-app.js';

/** Every folder and file under `dir` (itself included) with its permission bits, in octal. */
async function modes(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>([['.', ((await lstat(dir)).mode & 0o777).toString(8)]]);
  for (const name of await readdir(dir, { recursive: true })) {
    const stats = await lstat(join(dir, name));
    if (stats.isSymbolicLink()) continue;
    found.set(name, (stats.mode & 0o777).toString(8));
  }
  return found;
}

async function loosen(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    await chmod(path, (await lstat(path)).isDirectory() ? 0o755 : 0o666);
  }
}

function expectPrivate(found: Map<string, string>, dir: string): Promise<void> {
  return Promise.all(
    [...found].map(async ([name, mode]) => {
      const isDir = (await lstat(join(dir, name))).isDirectory();
      expect({ name, mode }).toEqual({ name, mode: isDir ? '700' : '600' });
    }),
  ).then(() => undefined);
}

describe("the PGlite data folder's permissions", () => {
  const folders: string[] = [];
  afterEach(async () => {
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  it('makes a new data folder 0700 with every file 0600, whatever the umask made', {
    timeout: OPEN_TIMEOUT_MS,
  }, async () => {
    const parent = await mkdtemp(join(tmpdir(), 'webnova-modes-'));
    folders.push(parent);
    const dataDir = join(parent, 'pglite');
    const db = await openPglite(dataDir);
    try {
      await db.transaction('installation', (tx) => tx.query("insert into tenants (name) values ('written')"));
    } finally {
      await db.close();
    }
    const found = await modes(dataDir);
    expect(found.size).toBeGreaterThan(20);
    await expectPrivate(found, dataDir);
  });

  it('fixes an existing world-readable data folder on start, WAL included', { timeout: OPEN_TIMEOUT_MS }, async () => {
    const dataDir = await preparedPgliteDir();
    folders.push(dataDir);
    await loosen(dataDir);
    const before = await modes(dataDir);
    expect(before.get('.')).toBe('755');
    expect([...before.values()].filter((mode) => mode === '666').length).toBeGreaterThan(10);
    expect([...before.keys()].some((name) => name.startsWith('pg_wal/'))).toBe(true);
    const db = await openPglite(dataDir);
    await db.close();
    await expectPrivate(await modes(dataDir), dataDir);
  });

  it('leaves what a symbolic link points to alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'webnova-modes-'));
    const outside = await mkdtemp(join(tmpdir(), 'webnova-modes-outside-'));
    folders.push(dir, outside);
    await writeFile(join(outside, 'shared.txt'), 'not the server’s', { mode: 0o644 });
    await chmod(join(outside, 'shared.txt'), 0o644);
    await writeFile(join(dir, 'own.txt'), 'the server’s');
    await chmod(join(dir, 'own.txt'), 0o666);
    await symlink(join(outside, 'shared.txt'), join(dir, 'link'));
    await makePrivate(dir);
    expect(((await lstat(join(dir, 'own.txt'))).mode & 0o777).toString(8)).toBe('600');
    expect(((await lstat(join(outside, 'shared.txt'))).mode & 0o777).toString(8)).toBe('644');
  });
});
