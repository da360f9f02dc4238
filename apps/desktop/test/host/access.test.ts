import { lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiSocket } from '../../../../scripts/lib/web-host-process.mjs';
import { bearerToken, createAccess, offeredToken } from '../../src/host/access.js';
import { createHostCheck, hostHeaderOf, namesFor } from '../../src/host/host-names.js';
import { writeOpenFile } from '../../src/host/open-file.js';
import { apiProtocols } from '../../src/shared/access-protocol.js';

const token = 'test-token-0123456789';

describe('the token and one-time codes', () => {
  it('admits the token and nothing else', () => {
    const access = createAccess(token);
    expect(access.admits(token)).toBe(true);
    for (const given of [null, undefined, '', `${token}x`, token.slice(0, -1), `${token} `, 'a'.repeat(10_000)]) {
      expect(access.admits(given)).toBe(false);
    }
  });

  it('exchanges a code for the token once', async () => {
    const access = createAccess(token);
    const { code, used } = access.mintCode();
    expect(access.redeem(code)).toBe(token);
    expect(await used).toBe(true);
    expect(access.redeem(code)).toBeNull();
    expect(access.redeem(token)).toBeNull();
    expect(access.redeem({ code })).toBeNull();
  });

  it('refuses a code after it expired, and says it went unused', async () => {
    const access = createAccess(token);
    const { code, used } = access.mintCode(1);
    expect(await used).toBe(false);
    expect(access.redeem(code)).toBeNull();
  });

  it('ends every code when the host closes', async () => {
    const access = createAccess(token);
    const { code, used } = access.mintCode();
    access.close();
    expect(await used).toBe(false);
    expect(access.redeem(code)).toBeNull();
  });

  it('reads the token from exactly one subprotocol, or a bearer header', () => {
    expect(offeredToken(apiProtocols(token).join(', '))).toBe(token);
    expect(offeredToken(undefined)).toBeNull();
    expect(offeredToken(`${apiProtocols(token).join(',')}, webnova.token.other`)).toBeNull();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBeNull();
    expect(bearerToken(`Bearer ${token} x`)).toBeNull();
  });

  it('the harness builds the same subprotocols as the renderer', () => {
    expect(apiSocket(`http://127.0.0.1:5/#token=${token}`)).toEqual({
      address: 'ws://127.0.0.1:5/api',
      protocols: apiProtocols(token),
    });
  });
});

describe('host names', () => {
  it('answers to the loopback names of where it listens, on its port only', () => {
    const check = createHostCheck('127.0.0.1', 4000);
    expect(check.allows('127.0.0.1:4000')).toBe(true);
    expect(check.allows('LOCALHOST:4000')).toBe(true);
    for (const host of [
      undefined,
      '127.0.0.1',
      '127.0.0.1:4001',
      '[::1]:4000',
      'evil.example:4000',
      'localhost.:4000',
    ]) {
      expect(check.allows(host)).toBe(false);
    }
    expect(createHostCheck('::1', 4000).allows('[::1]:4000')).toBe(true);
    expect(createHostCheck('::1', 4000).allows('127.0.0.1:4000')).toBe(false);
  });

  it('answers to the name it was given when it listens beyond loopback', () => {
    expect(namesFor('ide.example.lan')).toEqual(['ide.example.lan']);
    expect(namesFor('fd00::5')).toEqual(['[fd00::5]']);
    expect(namesFor('0.0.0.0')).toEqual(expect.arrayContaining(['127.0.0.1', 'localhost']));
    expect(namesFor('0.0.0.0')).not.toContain('[::1]');
  });

  it('takes Origin only when it is this very host', () => {
    const check = createHostCheck('127.0.0.1', 4000);
    expect(check.sameOrigin(undefined, '127.0.0.1:4000')).toBe(true);
    expect(check.sameOrigin('http://127.0.0.1:4000', '127.0.0.1:4000')).toBe(true);
    expect(check.sameOrigin('http://localhost:4000', '127.0.0.1:4000')).toBe(false);
    expect(check.sameOrigin('null', '127.0.0.1:4000')).toBe(false);
  });

  it('refuses a request naming two hosts', () => {
    expect(hostHeaderOf(['Host', 'a:1', 'X', 'y'])).toBe('a:1');
    expect(hostHeaderOf(['Host', 'a:1', 'host', 'b:1'])).toBeUndefined();
    expect(hostHeaderOf([])).toBeUndefined();
  });
});

describe('the file --open loads', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webnova-open-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is 0600 in a 0700 folder and holds only the one-time link', async () => {
    const link = 'http://127.0.0.1:4000/#code=abc';
    const file = await writeOpenFile(dir, 4000, link);
    expect(file).toBe(join(dir, 'web-host', 'open-4000.html'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'web-host'))).mode & 0o777).toBe(0o700);
    expect(await readFile(file, 'utf8')).toContain(`url=${link}`);
  });

  it('tightens a folder left open, and replaces a planted link instead of writing through it', async () => {
    await mkdir(join(dir, 'web-host'), { mode: 0o777 });
    const target = join(dir, 'elsewhere.html');
    await writeFile(target, 'untouched');
    await symlink(target, join(dir, 'web-host', 'open-4000.html'));
    const file = await writeOpenFile(dir, 4000, 'http://127.0.0.1:4000/#code=abc');
    expect((await stat(join(dir, 'web-host'))).mode & 0o777).toBe(0o700);
    expect((await lstat(file)).isSymbolicLink()).toBe(false);
    expect(await readFile(target, 'utf8')).toBe('untouched');
  });

  it('refuses a folder that is a link', async () => {
    await mkdir(join(dir, 'real'));
    await symlink(join(dir, 'real'), join(dir, 'web-host'));
    await expect(writeOpenFile(dir, 4000, 'http://127.0.0.1:4000/#code=abc')).rejects.toThrow(/not a folder/);
  });
});
