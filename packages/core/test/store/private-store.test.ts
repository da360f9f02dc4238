import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/contracts/events.js';
import { EventStore } from '../../src/store/index.js';
import { modesBelow, notPrivate, widen } from '../settings/private-modes.js';
import { preparedDataDir, removeDataDir, someone } from './prepared-store.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await preparedDataDir();
});
afterEach(() => removeDataDir(dataDir));

const note = (text: string): NewEvent => ({ type: 'note.written', data: { text }, meta: { actor: someone } });

describe('the store’s files', () => {
  it('are private to their owner while the store is open and after it closed, even when they were not', async () => {
    await widen(dataDir);
    expect(Object.keys(notPrivate(await modesBelow(join(dataDir, 'store')))).length).toBeGreaterThan(100);
    const store = await EventStore.open(dataDir);
    try {
      expect(notPrivate(await modesBelow(dataDir))).toEqual({});
      await store.appendAll(
        Array.from({ length: 20 }, (_, stream) => ({
          streamId: `note-${stream}`,
          expectedVersion: 0,
          events: Array.from({ length: 50 }, (_, i) => note(`decision payload ${stream}/${i}`)),
        })),
      );
    } finally {
      await store.close();
    }
    const modes = await modesBelow(dataDir);
    expect(notPrivate(modes)).toEqual({});
    expect(modes).toMatchObject({ '.': 'dir 700', store: 'dir 700', 'store/pg_wal': 'dir 700' });
  });
});
