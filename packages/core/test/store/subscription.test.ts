import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../src/contracts/index.js';
import { appendInTransaction, prepareWrites } from '../../src/store/append.js';
import { EventStore, type Projection, runProjection } from '../../src/store/index.js';
import { preparedDataDir, removeDataDir, someone } from './prepared-store.js';

let dataDir: string;
let store: EventStore;

beforeAll(async () => {
  dataDir = await preparedDataDir();
  store = await EventStore.open(dataDir);
});

afterAll(async () => {
  await store?.close();
  await removeDataDir(dataDir);
});

const note = (text: string): NewEvent => ({ type: 'note.written', data: { text }, meta: { actor: someone } });
const positions = (events: StoredEvent[]) => events.map((e) => e.globalPosition);

describe('subscriptions', () => {
  it('hand over the past, then every new event, in global order, while writers interleave', async () => {
    await store.append('sub-a', 0, [note('a1')]);
    const seen: StoredEvent[] = [];
    const subscription = store.subscribe(
      0,
      async (event) => {
        await sleep(0); // a slow handler must not lose or reorder anything
        seen.push(event);
      },
      { batchSize: 7 },
    );

    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let i = 0; i < 10; i++) {
        await store.append(`sub-w${writer}`, i * 2, [note(`w${writer}-${i}a`), note(`w${writer}-${i}b`)]);
      }
    });
    await Promise.all(writers);
    await subscription.caughtUp();

    const all = await store.readAll(0, 10_000);
    expect(all).toHaveLength(81);
    expect(positions(seen)).toEqual(positions(all));
    expect(subscription.position).toBe(all.at(-1)?.globalPosition);
    await subscription.stop();
    await subscription.done;
  });

  it('start after a position and stop when told', async () => {
    const head = await store.headPosition();
    const seen: string[] = [];
    const subscription = store.subscribe(head, (event) => {
      seen.push(String(event.data.text));
    });
    await store.append('sub-stop', 0, [note('before stop')]);
    await subscription.caughtUp();
    await subscription.stop();
    // A second subscription, still running, gets the next event: by then the stopped one would have too.
    const witnessed: string[] = [];
    const witness = store.subscribe(await store.headPosition(), (event) => {
      witnessed.push(String(event.data.text));
    });
    await store.append('sub-stop', 1, [note('after stop')]);
    await witness.caughtUp();
    await witness.stop();
    expect(witnessed).toEqual(['after stop']);
    expect(seen).toEqual(['before stop']);
  });

  it('never skip an event whose transaction committed late', async () => {
    const head = await store.headPosition();
    const seen: StoredEvent[] = [];
    const subscription = store.subscribe(head, (event) => {
      seen.push(event);
    });

    // A writer takes its position, then holds its transaction open, like a slow append would.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held: StoredEvent | undefined;
    let entered = () => {};
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow = store.db.transaction(async (tx) => {
      const writes = prepareWrites([{ streamId: 'late-slow', expectedVersion: 0, events: [note('slow')] }], {
        tenantId: store.tenantId,
        deviceId: store.deviceId,
      });
      [held] =
        (await appendInTransaction(tx, writes, { tenantId: store.tenantId, lockPositions: false }))[0]?.events ?? [];
      entered();
      await gate;
    });
    await inside;

    // Meanwhile another writer and a reader arrive. Neither may get ahead of the open transaction.
    const fast = store.append('late-fast', 0, [note('fast')]);
    let readSettled = false;
    const read = store.readAll(head, 100).finally(() => (readSettled = true));
    await sleep(50);
    expect(readSettled).toBe(false);
    expect(seen).toEqual([]);

    release();
    await slow;
    const [fastEvent] = (await fast).events;
    await subscription.caughtUp();

    expect(held).toBeDefined();
    expect(fastEvent?.globalPosition).toBeGreaterThan(held?.globalPosition ?? Number.POSITIVE_INFINITY);
    expect(seen.map((e) => e.data.text)).toEqual(['slow', 'fast']);
    expect((await read).map((e) => e.data.text)).toEqual(['slow', 'fast']);
    await subscription.stop();
  });

  it('end with the handler’s error and fail whoever waits for them', async () => {
    const head = await store.headPosition();
    await store.append('sub-fail', 0, [note('ok'), note('boom'), note('never')]);
    const seen: string[] = [];
    const subscription = store.subscribe(head, (event) => {
      if (event.data.text === 'boom') throw new Error('handler failed');
      seen.push(String(event.data.text));
    });
    await expect(subscription.caughtUp()).rejects.toThrow('handler failed');
    await expect(subscription.done).rejects.toThrow('handler failed');
    expect(seen).toEqual(['ok']);
    expect(subscription.position).toBe(head + 1);
  });
});

class StreamLengths implements Projection {
  readonly name = 'stream-lengths';
  lengths = new Map<string, number>();
  reset() {
    this.lengths = new Map();
  }
  apply(event: StoredEvent) {
    this.lengths.set(event.streamId, event.streamVersion);
  }
}

describe('projections', () => {
  it('rebuild from position 0 to the same state they reached live, also after a reopen', async () => {
    const live = new StreamLengths();
    const following = await runProjection(store, live);
    await store.append('proj-a', 0, [note('1'), note('2')]);
    await store.append('proj-b', 0, [note('1')]);
    await following.caughtUp();
    expect(live.lengths.get('proj-a')).toBe(2);
    expect(live.lengths.get('sub-w3')).toBe(20);

    const rebuilt = new StreamLengths();
    rebuilt.lengths.set('stale', 99); // rebuilding starts from nothing
    await (await runProjection(store, rebuilt)).stop();
    expect(rebuilt.lengths).toEqual(live.lengths);
    await following.stop();

    await store.close();
    store = await EventStore.open(dataDir);
    const afterRestart = new StreamLengths();
    await (await runProjection(store, afterRestart)).stop();
    expect(afterRestart.lengths).toEqual(live.lengths);
  });
});
