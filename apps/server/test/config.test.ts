import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, loadConfig } from '../src/config.js';

describe('the configuration from the environment', () => {
  it('has defaults: PGlite in the default data folder on 127.0.0.1:8787', () => {
    const env = { HOME: '/home/nova' };
    expect(loadConfig(env)).toEqual({
      ok: true,
      config: {
        databaseUrl: null,
        dataDir: defaultDataDir(env),
        port: 8787,
        host: '127.0.0.1',
        logLevel: 'info',
      },
    });
    expect(defaultDataDir({ XDG_DATA_HOME: '/data' })).toBe('/data/webnova-server/pglite');
  });

  it('takes every variable, and treats an empty one as unset', () => {
    const result = loadConfig({
      DATABASE_URL: 'postgres://app@db.internal:5432/webnova',
      WEBNOVA_SERVER_DATA_DIR: '/var/lib/webnova',
      PORT: '0',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'debug',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        databaseUrl: 'postgres://app@db.internal:5432/webnova',
        dataDir: '/var/lib/webnova',
        port: 0,
        host: '0.0.0.0',
        logLevel: 'debug',
      },
    });
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({
      ok: true,
      config: { port: 8787, databaseUrl: null },
    });
  });

  it('names each bad value and what it must be', () => {
    const result = loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: must be a postgres:\/\/ .* \(got "mysql:\/\/x"\)$/),
      'PORT: must be a whole number from 0 to 65535 (got "70000")',
      expect.stringMatching(/^LOG_LEVEL: must be one of fatal, error, .* \(got "loud"\)$/),
    ]);
    expect(loadConfig({ PORT: '80a' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^PORT:/)] });
  });

  it('makes the command exit non-zero with the message, before it opens any database', () => {
    const bin = fileURLToPath(new URL('../bin/webnova-server.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [bin], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('PORT: must be a whole number from 0 to 65535 (got "eighty")');
  });
});
