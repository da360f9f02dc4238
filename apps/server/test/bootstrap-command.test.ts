import { spawn, spawnSync } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseSecretKey } from '../src/auth/secret-box.js';
import { KEY_FILE_NAME } from '../src/auth/secret-key-file.js';
import { postgresTestDatabase, preparedPgliteDir, type TestDatabase } from './support/databases.js';

const bin = fileURLToPath(new URL('../bin/webnova-server.mjs', import.meta.url));

describe('the webnova-server command', () => {
  let testDb: TestDatabase & { url: string };

  beforeAll(async () => {
    testDb = await postgresTestDatabase();
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  function bootstrap(email: string, password: string) {
    return spawnSync(process.execPath, [bin, 'bootstrap', '--email', email, '--password-stdin'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: testDb.url, LOG_LEVEL: 'silent' },
      input: `${password}\n`,
      encoding: 'utf8',
      timeout: 240_000, // a safety net only: spawnSync holds the event loop, so no test timeout can fire
    });
  }

  // Three processes, each starting tsx, migrating and hashing at the real scrypt cost: slow on a busy machine.
  it('bootstraps the first ROOT_OWNER from stdin, and refuses a second time', { timeout: 600_000 }, async () => {
    const tooShort = bootstrap('root@example.org', 'short');
    expect(tooShort.status).toBe(1);
    expect(tooShort.stderr).toContain('at least 12 characters');

    const first = bootstrap('Root@Example.org', 'a long enough password');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Created the ROOT_OWNER root@example\.org \(/);

    const replay = bootstrap('other@example.org', 'a long enough password');
    expect(replay.status).toBe(1);
    expect(replay.stderr).toContain('already has a ROOT_OWNER');
    const roots = await testDb.db.transaction('installation', (tx) =>
      tx.query<{ email: string }>("select email from users where role = 'ROOT_OWNER'"),
    );
    expect(roots).toEqual([{ email: 'root@example.org' }]);
  });

  it('refuses arguments it does not know', () => {
    const run = spawnSync(process.execPath, [bin, 'bootstrap', '--email', 'x@example.org', '--password', 'x'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: testDb.url },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--password'");
  });

  it('serves on PGlite without WEBNOVA_SECRET_KEY by making a key file in the data folder', {
    timeout: 300_000,
  }, async () => {
    const dataDir = await preparedPgliteDir();
    try {
      const server = spawn(process.execPath, [bin, 'serve'], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, WEBNOVA_SERVER_DATA_DIR: dataDir, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
      let output = '';
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('"msg":"ready"')) resolve();
        });
        server.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        void exited.then((code) => reject(new Error(`the server exited (${code}) before it was ready:\n${output}`)));
      });
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      const path = join(dataDir, KEY_FILE_NAME);
      expect(output).toContain('"msg":"made a new secret key file"');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(parseSecretKey(await readFile(path, 'utf8'))).toHaveLength(32);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('is not ready once the database stops answering, though still alive', async () => {
    const app = buildApp({ db: testDb.db, logLevel: 'silent' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await testDb.db.close();
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'NOT_READY' });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
