import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileChange } from '../../src/contracts/index.js';

// chokidar stands in as an emitter the test drives, so the batching is timed by fake timers alone.
const fake = vi.hoisted(() => ({
  watcher: null as null | (import('node:events').EventEmitter & { close(): Promise<void> }),
}));
vi.mock('chokidar', () => ({
  watch: () => {
    const watcher = Object.assign(new EventEmitter(), { close: async () => {} });
    fake.watcher = watcher;
    queueMicrotask(() => watcher.emit('ready'));
    return watcher;
  },
}));

const { watchWorkspace } = await import('../../src/workspace/watcher.js');

describe('watchWorkspace batching', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a burst within the batch time in one callback, and what comes later in the next', async () => {
    const batches: FileChange[][] = [];
    const stop = watchWorkspace('/project', (changes) => batches.push(changes), { batchMs: 50 });
    const emit = (event: string, path: string) => fake.watcher?.emit('all', event, path);
    for (let i = 1; i <= 10; i++) emit('add', `/project/src/f${i}.txt`);
    emit('change', '/project/src/f10.txt');
    emit('change', '/project/src/f10.txt'); // the same change twice in a row counts once
    vi.advanceTimersByTime(49);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(11);
    expect(batches[0]?.at(-1)).toEqual({ type: 'changed', path: 'src/f10.txt', kind: 'file' });

    emit('unlink', '/project/src/f1.txt');
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([expect.any(Array), [{ type: 'deleted', path: 'src/f1.txt', kind: 'file' }]]);

    emit('add', '/project/src/late.txt');
    await stop();
    vi.advanceTimersByTime(1_000);
    expect(batches).toHaveLength(2);
  });
});
