import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../src/index.js';

let dir: string;
let core: Core;
let root: string;
let sequence = 0;

async function call(method: string, params: unknown = {}) {
  sequence += 1;
  return core.dispatch({ type: 'call', id: `t${sequence}`, method, params });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-core-'));
  root = join(dir, 'project');
  await mkdir(root);
  await writeFile(join(root, 'readme.md'), '# hi\n');
  core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '1.2.3' });
});

afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('core API', () => {
  it('refuses file calls before a folder is open', async () => {
    expect(await call('fs.read', { path: 'readme.md' })).toMatchObject({ error: { code: 'NO_WORKSPACE' } });
  });

  it('opens a folder, remembers it, and reads through it', async () => {
    const events: string[] = [];
    core.subscribe((event) => events.push(event));
    expect(await call('workspace.open', { root })).toMatchObject({ result: { name: 'project' } });
    expect(events).toContain('workspace.changed');
    expect(await call('fs.read', { path: 'readme.md' })).toMatchObject({ result: { content: '# hi\n' } });
    const recent = await call('workspace.recent');
    expect(recent).toMatchObject({ result: [{ name: 'project' }] });
  });

  it('answers an unknown folder with NOT_FOUND and keeps the open one', async () => {
    await call('workspace.open', { root });
    expect(await call('workspace.open', { root: join(dir, 'missing') })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('workspace.current')).toMatchObject({ result: { name: 'project' } });
  });

  it('rejects unknown fields, wrong types and unknown methods with typed errors', async () => {
    expect(await call('settings.update', { theme: 'purple' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('settings.update', { hacker: true })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('nope')).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } });
    expect(await core.dispatch({ id: 1 })).toMatchObject({ id: null, error: { code: 'INVALID_INPUT' } });
    expect(await core.dispatch(null)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('persists settings and tells subscribers', async () => {
    const seen: unknown[] = [];
    core.subscribe((event, payload) => event === 'settings.changed' && seen.push(payload));
    expect(await call('settings.update', { locale: 'ar', editor: { fontSize: 16 } })).toMatchObject({
      result: { locale: 'ar', theme: 'dark', editor: { fontSize: 16, wordWrap: false } },
    });
    expect(seen).toHaveLength(1);
    await core.close();
    core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '1.2.3' });
    expect(await call('settings.get')).toMatchObject({ result: { locale: 'ar', editor: { fontSize: 16 } } });
  });

  it('keeps the editor session per folder', async () => {
    await call('workspace.open', { root });
    await call('workspace.saveSession', { openFiles: ['readme.md'], activeFile: 'readme.md' });
    expect(await call('workspace.session')).toMatchObject({ result: { openFiles: ['readme.md'] } });
    const saved = JSON.parse(await readFile(join(dir, 'data', 'workspaces.json'), 'utf8'));
    expect(Object.values(saved.sessions)).toHaveLength(1);
  });

  it('reports the host and version', async () => {
    expect(await call('app.info')).toMatchObject({ result: { name: 'WebNova', version: '1.2.3', host: 'web' } });
  });
});
