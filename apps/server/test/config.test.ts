import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, defaultGitRoot, loadConfig } from '../src/config.js';

describe('the configuration from the environment', () => {
  it('has defaults: PGlite in the default data folder on 127.0.0.1:8787', () => {
    const env = { HOME: '/home/nova' };
    expect(loadConfig(env)).toEqual({
      ok: true,
      config: {
        databaseUrl: null,
        databaseMigrationUrl: null,
        dataDir: defaultDataDir(env),
        port: 8787,
        host: '127.0.0.1',
        logLevel: 'info',
        secretKey: null,
        smtp: null,
        git: { root: defaultGitRoot(defaultDataDir(env)), maxPushBytes: null, trustForwardedProto: false },
      },
    });
    expect(defaultDataDir({ XDG_DATA_HOME: '/data' })).toBe('/data/webnova-server/pglite');
    expect(defaultGitRoot('/data/webnova-server/pglite')).toBe('/data/webnova-server/git');
    // The repositories sit beside the data folder it names.
    expect(loadConfig({ WEBNOVA_SERVER_DATA_DIR: '/srv/webnova/pglite' })).toMatchObject({
      ok: true,
      config: { git: { root: '/srv/webnova/git' } },
    });
  });

  it('takes every variable, and treats an empty one as unset', () => {
    const result = loadConfig({
      DATABASE_URL: 'postgres://webnova_app:pw@db.internal:5432/webnova',
      DATABASE_MIGRATION_URL: 'postgres://owner:secret@db.internal:5432/webnova',
      WEBNOVA_SERVER_DATA_DIR: '/var/lib/webnova',
      PORT: '0',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'debug',
      WEBNOVA_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      WEBNOVA_SMTP_URL: 'smtp://mailer:pw@mail.internal:587',
      WEBNOVA_SMTP_FROM: 'webnova@clinic.example',
      WEBNOVA_GIT_ROOT: '/mnt/repositories',
      WEBNOVA_GIT_MAX_PUSH_BYTES: '1048576',
      WEBNOVA_TRUST_FORWARDED_PROTO: 'true',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        databaseUrl: 'postgres://webnova_app:pw@db.internal:5432/webnova',
        databaseMigrationUrl: 'postgres://owner:secret@db.internal:5432/webnova',
        dataDir: '/var/lib/webnova',
        port: 0,
        host: '0.0.0.0',
        logLevel: 'debug',
        secretKey: Buffer.alloc(32, 7),
        smtp: { url: 'smtp://mailer:pw@mail.internal:587', from: 'webnova@clinic.example' },
        git: { root: '/mnt/repositories', maxPushBytes: 1048576, trustForwardedProto: true },
      },
    });
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({
      ok: true,
      config: { port: 8787, databaseUrl: null },
    });
  });

  it('names each bad value and what it must be', () => {
    const result = loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://root:hunter2@x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      // A database URL carries a password: never repeated.
      expect.stringMatching(/^DATABASE_URL: must be a postgres:\/\/ .* \(got 22 characters, not shown\)$/),
      'PORT: must be a whole number from 0 to 65535 (got "70000")',
      expect.stringMatching(/^LOG_LEVEL: must be one of fatal, error, .* \(got "loud"\)$/),
    ]);
    expect(loadConfig({ WEBNOVA_TRUST_FORWARDED_PROTO: 'yes', WEBNOVA_GIT_MAX_PUSH_BYTES: '12' })).toMatchObject({
      ok: false,
      problems: [
        'WEBNOVA_GIT_MAX_PUSH_BYTES: must be at least 1024 bytes (got "12")',
        'WEBNOVA_TRUST_FORWARDED_PROTO: must be true or false (got "yes")',
      ],
    });
    expect(loadConfig({ PORT: '80a' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^PORT:/)] });
    expect(loadConfig({ DATABASE_MIGRATION_URL: 'postgres://owner@db/webnova' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^DATABASE_MIGRATION_URL: goes with DATABASE_URL/)],
    });
    expect(loadConfig({ WEBNOVA_SMTP_URL: 'smtp://mail.internal' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^WEBNOVA_SMTP_FROM: /)],
    });
    expect(loadConfig({ WEBNOVA_SMTP_URL: 'http://user:secret@mail.internal' })).toMatchObject({
      ok: false,
      problems: [
        'WEBNOVA_SMTP_URL: must be smtp://[user:password@]host[:port] or smtps://… (got 32 characters, not shown)',
      ],
    });
  });

  it('takes the secret key as hex, base64 or base64url, and never repeats a bad one', () => {
    const key = Buffer.from('fb'.repeat(32), 'hex');
    for (const spelling of [
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
      key.toString('base64'),
      key.toString('base64url'),
    ]) {
      expect(loadConfig({ WEBNOVA_SECRET_KEY: spelling })).toMatchObject({ ok: true, config: { secretKey: key } });
    }
    for (const bad of [
      '0123',
      'ab'.repeat(31),
      key.toString('base64').slice(0, 40),
      `${key.toString('hex')}00`,
      'not a key at all',
    ]) {
      const result = loadConfig({ WEBNOVA_SECRET_KEY: bad });
      expect(result).toEqual({
        ok: false,
        problems: [
          `WEBNOVA_SECRET_KEY: must be 32 bytes as 64 hex digits or as base64 (e.g. \`openssl rand -base64 32\`) (got ${bad.length} characters, not shown)`,
        ],
      });
    }
  });

  // The binary compiles the sources through tsx first: seconds alone, far more on a loaded 2-core machine.
  it('makes the command exit non-zero with the message, before it opens any database', { timeout: 300_000 }, () => {
    const bin = fileURLToPath(new URL('../bin/webnova-server.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [bin], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 240_000, // a safety net only: spawnSync holds the event loop, so no test timeout can fire
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('PORT: must be a whole number from 0 to 65535 (got "eighty")');
  });
});
