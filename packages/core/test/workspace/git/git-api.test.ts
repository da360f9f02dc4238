import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Connection, createDispatcher, type Handlers } from '../../../src/api/dispatcher.js';
import { EventBus } from '../../../src/api/event-bus.js';
import type { CoreContext } from '../../../src/api/feature.js';
import { LOCAL_OWNER } from '../../../src/contracts/events.js';
import { gitFeature } from '../../../src/workspace/git/feature.js';
import { Workspace } from '../../../src/workspace/workspace.js';
import { gitCli } from './git-cli.js';

/** The git feature behind the real dispatcher, with the workspace's real file watcher feeding `fs.changed`. */
let dir: string;
let root: string;
let bus: EventBus;
let feature: ReturnType<typeof gitFeature.create>;
let dispatch: Connection['dispatch'];
let stopWatching: () => Promise<void>;
let sequence = 0;

async function call(method: string, params: unknown = {}) {
  sequence += 1;
  return dispatch({ type: 'call', id: `g${sequence}`, method, params });
}

/** The next `name` event, however long it takes (the test's timeout is the only deadline). */
function nextEvent(name: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = bus.subscribe((event) => {
      if (event !== name) return;
      stop();
      resolve();
    });
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-git-api-'));
  root = join(dir, 'project');
  await mkdir(root);
  await writeFile(join(root, 'readme.md'), '# hi\n');
  const workspace = await Workspace.open(root);
  bus = new EventBus();
  const watching = workspace.watch((changes) => bus.emit('fs.changed', { changes }));
  await watching.ready;
  stopWatching = watching;
  // Only what the git feature reads; the rest of core's context is not needed here.
  const context: Partial<CoreContext> = {
    dataDir: join(dir, 'data'),
    log: () => {},
    bus,
    current: () => workspace,
    workspace: () => workspace,
  };
  feature = gitFeature.create(context as CoreContext);
  await feature.workspaceChanged?.(workspace);
  dispatch = createDispatcher(feature.handlers as unknown as Handlers, { checkAnswers: true }).connect({
    transport: 'in-process',
    actor: LOCAL_OWNER,
  }).dispatch;
});

afterEach(async () => {
  await stopWatching();
  await feature.close?.();
  await rm(dir, { recursive: true, force: true });
});

describe('git API', () => {
  it('initialises, stages, commits with the saved author and tells the UI', async () => {
    expect(await call('git.status')).toMatchObject({ result: { isRepo: false } });
    expect(await call('git.init', {})).toMatchObject({ result: { isRepo: true, branch: 'main' } });
    const changed = nextEvent('git.changed');
    expect(await call('git.stage', { all: true })).toMatchObject({ result: {} });
    await changed;
    expect(await call('git.setAuthor', { name: 'Layla', email: 'layla@example.com' })).toMatchObject({ result: {} });
    expect(await call('git.author')).toMatchObject({ result: { author: { name: 'Layla' }, source: 'settings' } });
    const commit = await call('git.commit', { message: 'first' });
    expect(commit).toMatchObject({ result: { oid: expect.stringMatching(/^[0-9a-f]{40}$/) } });
    expect(gitCli(root, 'log', '--format=%an <%ae> %s').trim()).toBe('Layla <layla@example.com> first');
  });

  it('announces file edits and outside git commands as git.changed', async () => {
    const afterInit = nextEvent('git.changed'); // init's own event goes by first
    await call('git.init', {});
    await afterInit;
    const afterEdit = nextEvent('git.changed');
    await writeFile(join(root, 'readme.md'), '# changed\n');
    await afterEdit;
    const afterCli = nextEvent('git.changed');
    gitCli(root, 'add', 'readme.md');
    await afterCli;
    expect(await call('git.status')).toMatchObject({ result: { staged: [{ path: 'readme.md', change: 'added' }] } });
  });

  it('answers bad input with typed errors', async () => {
    await call('git.init', {});
    expect(await call('git.createBranch', { name: 'bad name' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('git.createBranch', { name: '../x' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('git.stage', {})).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('git.stage', { paths: ['a'], all: true })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('git.commitDetails', { oid: 'abc' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('git.commitDetails', { oid: 'a'.repeat(40) })).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await call('git.setAuthor', { name: '', email: 'nope' })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('git.fileContent', { path: '../../etc/passwd', source: 'workdir' })).toMatchObject({
      error: { code: 'PATH_OUTSIDE_WORKSPACE' },
    });
  });
});
