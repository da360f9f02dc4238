import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src/index.js';
import { until } from '../../support/until.js';

let dir: string;
let root: string;
let core: Core;
let sequence = 0;
const output = new Map<string, string>();
const exited: string[] = [];

async function call(method: string, params: unknown = {}) {
  sequence += 1;
  return core.dispatch({ type: 'call', id: `t${sequence}`, method, params });
}

async function result<T>(method: string, params: unknown = {}): Promise<T> {
  const reply = await call(method, params);
  if (reply.type !== 'result') throw new Error(`${method} failed: ${JSON.stringify(reply)}`);
  return reply.result as T;
}

async function waitForOutput(id: string, pattern: RegExp): Promise<void> {
  await until(() => pattern.test(output.get(id) ?? ''), { show: () => output.get(id) });
}

// One core for the file: closing a core (every feature's, not only the terminals') is the slow part.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'webnova-terminal-'));
  root = join(dir, 'project');
  await mkdir(root);
  root = await realpath(root);
  core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '0.0.0' });
  core.subscribe((event, payload) => {
    if (event === 'terminal.data') {
      const { id, data } = payload as { id: string; data: string };
      output.set(id, (output.get(id) ?? '') + data);
      void call('terminal.ack', { id, chars: data.length });
    }
    if (event === 'terminal.exited') exited.push((payload as { id: string }).id);
  });
});

beforeEach(() => {
  output.clear();
  exited.length = 0;
});

// Closing waits for every feature (the governance store finishes opening first): slow on a busy machine.
afterAll(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
}, 120_000);

describe('terminal API', () => {
  it('opens the shell in the workspace folder and ends it when the workspace closes', async () => {
    await result('workspace.open', { root });
    const terminal = await result<{ id: string; cwd: string }>('terminal.create', { cols: 100, rows: 30 });
    expect(terminal.cwd).toBe(root);
    await call('terminal.write', { id: terminal.id, data: 'pwd; stty size\r' });
    await waitForOutput(terminal.id, new RegExp(`[\\r\\n]${root.replace(/[/.]/g, '\\$&')}\\r\\n30 100\\r\\n`));
    const attached = await result<{ scrollback: string; end: number }>('terminal.attach', { id: terminal.id });
    expect(attached.scrollback).toContain('30 100');
    expect(attached.end).toBeGreaterThanOrEqual(attached.scrollback.length);

    await result('workspace.close');
    expect(exited).toEqual([terminal.id]);
    expect(await result('terminal.list')).toEqual({ terminals: [] });
  });

  it('answers bad input and unknown terminals with clear errors', async () => {
    expect(await call('terminal.create', { cols: 0, rows: 24 })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await call('terminal.create', { cols: 80, rows: 24, shell: '/bin/sh' })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('terminal.write', { id: '../x', data: 'ls' })).toMatchObject({
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('terminal.resize', { id: 'missing', cols: 80, rows: 24 })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
  });

  it('renames and kills through the API and reports the list after each change', async () => {
    const changes: number[] = [];
    core.subscribe((event, payload) => {
      if (event === 'terminal.changed') changes.push((payload as { terminals: unknown[] }).terminals.length);
    });
    const { id } = await result<{ id: string }>('terminal.create', {});
    expect(await result('terminal.rename', { id, name: 'server' })).toMatchObject({ id, name: 'server', cols: 80 });
    expect(await result('terminal.list')).toMatchObject({ terminals: [{ id, name: 'server', status: 'running' }] });
    await result('terminal.kill', { id });
    expect(changes).toEqual([1, 1, 0]);
    expect(exited).toEqual([id]);
  });
});
