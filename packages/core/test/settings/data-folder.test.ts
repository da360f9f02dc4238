import { chmod, cp, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../src/api/core.js';
import { normalizeBlueprint } from '../../src/blueprint/index.js';
import { generateProject } from '../../src/codegen/regenerate/index.js';
import { KeyStore } from '../../src/orchestrator/key-store.js';
import type { Log } from '../../src/settings/json-file.js';
import { narrowTree } from '../../src/settings/private-folder.js';
import { EventStore } from '../../src/store/index.js';
import { loadSample } from '../codegen/regenerate/blueprint-changes.js';
import { fixtureTemplate } from '../codegen/regenerate/fixture-template.js';
import { preparedDataDir, removeDataDir, someone } from '../store/prepared-store.js';
import {
  canRunAsNobody,
  currentUmask,
  modesBelow,
  narrowTreeAsNobody,
  notPrivate,
  readableByNobody,
  widen,
} from './private-modes.js';

const KEY = 'sk-ant-api03-secret-value-0123456789';
let sandbox: string;
let dataDir: string;
const warnings: string[] = [];
const log: Log = (level, message, fields) => {
  if (level === 'warn') warnings.push(`${message} ${JSON.stringify(fields ?? {})}`);
};

beforeEach(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'webnova-data-folder-'));
  dataDir = join(sandbox, 'data');
  warnings.length = 0;
});
afterEach(() => rm(sandbox, { recursive: true, force: true }));

/** A migrated store copied into `<dataDir>/store` (a new one costs seconds of initdb). */
async function copyPreparedStore(): Promise<void> {
  const prepared = await preparedDataDir();
  await cp(join(prepared, 'store'), join(dataDir, 'store'), { recursive: true });
  await removeDataDir(prepared);
}

async function call(core: Core, method: string, params: unknown = {}) {
  const reply = await core.dispatch({ type: 'call', id: method, method, params });
  if (reply.type !== 'result') throw new Error(`${method}: ${JSON.stringify(reply)}`);
  return reply.result;
}

const write = async (path: string, content: string, mode: number) => {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
  await chmod(path, mode);
};

describe('narrowTree', () => {
  it('makes folders 0700 and files owner-only, keeps owner bits, never follows a link, stops at a fence', async () => {
    const root = join(sandbox, 'root');
    await write(join(root, 'a.json'), '{}', 0o666);
    await write(join(root, 'sub', 'b.txt'), 'b', 0o644);
    await write(join(root, 'sub', 'run.sh'), '#!/bin/sh\n', 0o755);
    await write(join(root, 'fence', 'inside', 'tool'), '#!/bin/sh\n', 0o755);
    await write(join(sandbox, 'outside.txt'), 'not ours', 0o644);
    await symlink(join(sandbox, 'outside.txt'), join(root, 'link'));
    await chmod(join(root, 'sub'), 0o755);
    await chmod(root, 0o777);

    const { narrowed, failed } = await narrowTree(root, new Set(['fence']));
    expect(narrowed.sort()).toEqual(['', 'a.json', 'fence', 'sub', 'sub/b.txt', 'sub/run.sh']);
    expect(failed).toEqual([]);
    expect(await modesBelow(root)).toEqual({
      '.': 'dir 700',
      'a.json': 'file 600',
      sub: 'dir 700',
      'sub/b.txt': 'file 600',
      'sub/run.sh': 'file 700',
      fence: 'dir 700',
      'fence/inside': 'dir 755',
      'fence/inside/tool': 'file 755',
      link: 'link 777',
    });
    expect((await lstat(join(sandbox, 'outside.txt'))).mode & 0o777).toBe(0o644);
    expect(await narrowTree(root, new Set(['fence']))).toEqual({ narrowed: [], failed: [] });
  });

  it.skipIf(!canRunAsNobody)(
    'lists what another user owns instead of stopping (a start is never blocked)',
    async () => {
      const root = join(sandbox, 'root');
      await write(join(root, 'theirs.json'), '{}', 0o644);
      await chmod(root, 0o777);
      await chmod(sandbox, 0o711);
      expect(narrowTreeAsNobody(root)).toEqual({ narrowed: [], failed: ['', 'theirs.json'] });
      expect(await modesBelow(root)).toEqual({ '.': 'dir 777', 'theirs.json': 'file 644' });
    },
  );
});

describe('the data folder', () => {
  it('is repaired when core starts: an existing folder made with 0755/0644/0666 becomes 0700/0600, and the log says so', async () => {
    await copyPreparedStore();
    await write(join(dataDir, 'settings.json'), '{}', 0o666);
    await write(join(dataDir, 'workspaces.json'), '{}', 0o644);
    await write(join(dataDir, 'git-author.json'), '{}', 0o644);
    await write(join(dataDir, 'secrets.json'), '{"default":{"TOKEN":"x"}}', 0o644);
    await write(join(dataDir, 'ai', 'settings.json'), '{}', 0o644);
    await write(join(dataDir, 'ai', 'anthropic-key.json'), '{}', 0o644);
    await write(join(dataDir, 'keys', 'install-secret'), 'x'.repeat(32), 0o644);
    await write(join(dataDir, 'web-window', 'Default', 'Cookies'), 'c', 0o644);
    const tree = join(dataDir, 'package-cache', 'trees', 'a'.repeat(32), 'node_modules');
    await write(join(tree, 'tool', 'index.js'), '', 0o644);
    await write(join(dataDir, 'package-cache', 'npm', '_cacache', 'index'), '', 0o644);
    await widen(dataDir);
    await chmod(join(tree, 'tool', 'index.js'), 0o755);
    const cacheBefore = await modesBelow(join(dataDir, 'package-cache', 'trees'));
    expect(Object.keys(notPrivate(await modesBelow(dataDir))).length).toBeGreaterThan(100);

    const core = await createCore({ dataDir, host: 'web', version: 'test', log });
    await core.close();

    const modes = await modesBelow(dataDir);
    const ours = Object.fromEntries(Object.entries(modes).filter(([path]) => !path.startsWith('package-cache/')));
    expect(notPrivate(ours)).toEqual({});
    expect(modes['store/pg_wal']).toBe('dir 700');
    expect(modes['package-cache']).toBe('dir 700');
    // The package cache's trees are copied into projects as they are: their modes stay npm's.
    expect(await modesBelow(join(dataDir, 'package-cache', 'trees'))).toEqual(cacheBefore);
    expect(warnings.join('\n')).toMatch(/could be read by other users.*"narrowed":\d{3,}/);
  });

  it('keeps what core writes later private: settings, the AI settings and key, the store after it ran', async () => {
    await copyPreparedStore();
    const core = await createCore({ dataDir, host: 'web', version: 'test', log });
    warnings.length = 0; // the copied store may have needed repair; what follows must not
    await call(core, 'settings.update', { theme: 'light' });
    await call(core, 'ai.configure', { model: 'claude-sonnet-4-5' });
    await call(core, 'ai.setKey', { key: KEY });
    await core.close();
    const store = await EventStore.open(dataDir);
    await store.append('notes-1', 0, [{ type: 'note.written', data: { text: 'private' }, meta: { actor: someone } }]);
    await store.close();

    const modes = await modesBelow(dataDir);
    expect(notPrivate(modes)).toEqual({});
    expect(modes).toMatchObject({
      '.': 'dir 700',
      'settings.json': 'file 600',
      ai: 'dir 700',
      'ai/settings.json': 'file 600',
      'ai/anthropic-key.json': 'file 600',
      keys: 'dir 700',
      'keys/install-secret': 'file 600',
      store: 'dir 700',
    });
    expect(warnings).toEqual([]);
  });

  it('leaves the umask alone, so a project generated afterwards keeps the usual modes', async () => {
    const umask = currentUmask();
    if (umask === null) return void console.log('skipped: no /proc/self/status to read the umask from');
    await copyPreparedStore();
    await widen(dataDir);
    const core = await createCore({ dataDir, host: 'web', version: 'test', log });
    await core.close();
    await new KeyStore(dataDir, null, log).set(KEY);
    await (await EventStore.open(dataDir)).close();
    expect(currentUmask()).toBe(umask);

    const project = join(sandbox, 'project');
    await mkdir(project);
    await chmod(project, 0o777 & ~umask);
    const blueprint = normalizeBlueprint(loadSample('school-registry'));
    await generateProject({ root: project, blueprint, template: fixtureTemplate });
    const modes = Object.values(await modesBelow(project));
    const usual = (what: string) =>
      what === `dir ${(0o777 & ~umask).toString(8)}` || what === `file ${(0o666 & ~umask).toString(8)}`;
    expect(modes.filter((what) => !usual(what))).toEqual([]);
    expect(modes.length).toBeGreaterThan(10);
  });
});

describe('another user on the same machine', () => {
  it.skipIf(!canRunAsNobody)('cannot read the store (its WAL included), the settings or the AI key', async () => {
    // Only WebNova's own modes may stand between `nobody` and the data: the sandbox lets anyone pass.
    await chmod(sandbox, 0o711);
    await copyPreparedStore();
    const project = join(sandbox, 'project');
    await mkdir(project);
    const core = await createCore({ dataDir, host: 'web', version: 'test', log });
    await call(core, 'workspace.open', { root: project });
    await call(core, 'ai.setKey', { key: KEY });
    const marker = 'decision-payload-marker-7f3a';
    await call(core, 'governance.propose', {
      kind: 'file.write',
      payload: { path: 'notes.md', content: `${marker}\n` },
      rationale: 'A payload another user must not read.',
    });
    await core.close();

    const files = Object.entries(await modesBelow(dataDir))
      .filter(([, what]) => what.startsWith('file'))
      .map(([path]) => join(dataDir, path));
    const holding = [];
    for (const file of files) if ((await readFile(file)).includes(marker)) holding.push(file);
    expect(holding.length, 'the payload is on disk, where the test looks').toBeGreaterThan(0);
    expect(files).toEqual(expect.arrayContaining([join(dataDir, 'keys', 'install-secret')]));

    expect(readableByNobody(files)).toEqual([]);
    // And the files alone, with every folder opened for passing through: still nothing.
    for (const [path, what] of Object.entries(await modesBelow(dataDir))) {
      if (what.startsWith('dir')) await chmod(join(dataDir, path), 0o711);
    }
    expect(readableByNobody(files)).toEqual([]);
  });

  if (!canRunAsNobody) {
    it('is checked only as root, with runuser: skipped here', () => {
      console.log('skipped: the `nobody` test needs root and runuser');
    });
  }
});
