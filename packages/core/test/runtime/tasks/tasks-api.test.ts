import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src/index.js';
import { until } from '../../support/until.js';

let dir: string;
let core: Core;
let root: string;
let sequence = 0;

const call = (method: string, params: unknown = {}) =>
  core.dispatch({ type: 'call', id: `t${++sequence}`, method, params });

// One core for the file: creating one opens every feature's stores, which is slow on a busy machine.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-tasks-api-'));
  root = join(dir, 'project');
  await mkdir(root);
  await writeFile(join(root, 'package.json'), JSON.stringify({ scripts: { greet: 'node -e "console.log(42)"' } }));
  core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '0.0.0' });
}, 90_000);

afterAll(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
}, 90_000);

describe('tasks API', () => {
  it('needs an open folder', async () => {
    expect(await call('tasks.list')).toMatchObject({ error: { code: 'NO_WORKSPACE' } });
  });

  it('lists, runs and reports a task through events', async () => {
    await call('workspace.open', { root });
    const events: Array<[string, unknown]> = [];
    core.subscribe((event, payload) => events.push([event, payload]));
    expect(await call('tasks.list')).toMatchObject({
      result: {
        tasks: [{ name: 'install' }, { name: 'greet', command: 'node -e "console.log(42)"', state: 'idle' }],
        toolchain: { node: expect.stringMatching(/node$/), npm: expect.stringMatching(/npm(-cli\.js)?$/) },
      },
    });
    expect(await call('tasks.start', { name: 'greet' })).toMatchObject({ result: { state: 'running' } });
    await until(
      () =>
        events.some(([e, p]) => e === 'tasks.changed' && (p as { task: { state: string } }).task.state === 'exited'),
      { show: () => events },
    );
    expect(events.some(([e, p]) => e === 'tasks.output' && String((p as { chunk: string }).chunk).includes('42'))).toBe(
      true,
    );
    expect(await call('tasks.output', { name: 'greet' })).toMatchObject({
      result: { text: expect.stringContaining('42') },
    });
  });

  it('refuses bad input: unknown task, empty name, a preview of a non-loopback address', async () => {
    expect(await call('tasks.start', { name: 'nope' })).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await call('tasks.start', { name: '' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('tasks.preview', { url: 'http://example.com/' })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('tasks.preview', { url: 'file:///etc/passwd' })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('tasks.preview', { url: 'http://localhost:5999/a?b=1' })).toMatchObject({
      result: {
        url: 'http://localhost:5999/a?b=1',
        previewUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/a\?b=1$/),
      },
    });
  }, 180_000);
});
