import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCommand } from '../../../src/runtime/package-cache/npm-install.js';
import { missingProgramHint, userToolchain } from '../../../src/runtime/tasks/toolchain.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-toolchain-'));
  await mkdir(join(dir, 'bin'));
  for (const name of ['node', 'npm']) {
    await writeFile(join(dir, 'bin', name), '#!/bin/sh\n', 'utf8');
    await chmod(join(dir, 'bin', name), 0o755);
  }
  await writeFile(join(dir, 'bin', 'not-executable'), '', 'utf8');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("tasks run with the user's own Node.js and npm", () => {
  it('finds them on the PATH, and says null when they are not there', async () => {
    expect(await userToolchain({ PATH: `relative/bin:${join(dir, 'bin')}` })).toEqual({
      node: join(dir, 'bin', 'node'),
      npm: join(dir, 'bin', 'npm'),
    });
    expect(await userToolchain({ PATH: join(dir, 'nothing-here') })).toEqual({ node: null, npm: null });
    expect(await userToolchain({})).toEqual({ node: null, npm: null });
  });

  it("installs with the user's node, never WebNova's own binary run as Node", () => {
    const install = installCommand('/store');
    expect(install.program).toMatch(/^node(\.exe)?$/);
    expect(install).not.toHaveProperty('env');
    expect(install.program).not.toBe(process.execPath);
  });

  it('says how to get Node.js when a task cannot start without it', () => {
    expect(missingProgramHint('npm')).toMatch(/npm was not found on your PATH.*Node\.js 22 or newer/);
  });
});
