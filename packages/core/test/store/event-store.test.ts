import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError, EventId, type NewEvent, StoredEvent } from '../../src/contracts/index.js';
import { appendInTransaction, prepareWrites } from '../../src/store/append.js';
import { EventStore } from '../../src/store/index.js';
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

const note = (text: string, extra: Partial<NewEvent> = {}): NewEvent => ({
  type: 'note.written',
  data: { text },
  meta: { actor: someone },
  ...extra,
});

async function conflictOf(promise: Promise<unknown>): Promise<CoreError> {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(CoreError);
  return error as CoreError;
}

describe('EventStore append and read', () => {
  it('creates a stream at expected version 0 and numbers its events from 1', async () => {
    const result = await store.append('note-a', 0, [note('one'), note('two')]);
    expect(result.streamVersion).toBe(2);
    expect(result.events.map((e) => e.streamVersion)).toEqual([1, 2]);
    const [first, second] = result.events;
    expect(first && second && second.globalPosition > first.globalPosition).toBe(true);
    for (const event of result.events) {
      expect(StoredEvent.parse(event)).toEqual(event);
      expect(event.meta.deviceId).toBe(store.deviceId);
      expect(event.tenantId).toBe('local');
    }

    const read = await store.readStream('note-a');
    expect(read).toEqual(result.events);
    expect(await store.streamVersion('note-a')).toBe(2);
    expect(await store.streamVersion('note-none')).toBe(0);
  });

  it('continues a stream only from its current version', async () => {
    await store.append('note-b', 0, [note('one')]);
    await store.append('note-b', 1, [note('two'), note('three')]);
    const stale = await conflictOf(store.append('note-b', 1, [note('late')]));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.details).toEqual({ streamId: 'note-b', expectedVersion: 1, currentVersion: 3 });
    const again = await conflictOf(store.append('note-b', 0, [note('recreate')]));
    expect(again.details).toMatchObject({ currentVersion: 3 });
    const ahead = await conflictOf(store.append('note-b', 7, [note('future')]));
    expect(ahead.details).toMatchObject({ currentVersion: 3 });
    expect((await store.readStream('note-b')).map((e) => e.data.text)).toEqual(['one', 'two', 'three']);
    expect((await store.readStream('note-b', 3)).map((e) => e.data.text)).toEqual(['three']);
  });

  it('lets exactly one of 32 racing writers with the same expected version win', async () => {
    await store.append('note-race', 0, [note('start')]);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 32 }, (_, writer) => store.append('note-race', 1, [note(`writer ${writer}`)])),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(31);
    for (const error of lost) {
      expect(error).toBeInstanceOf(CoreError);
      expect(error).toMatchObject({ code: 'CONFLICT', details: { expectedVersion: 1, currentVersion: 2 } });
    }
    expect(await store.streamVersion('note-race')).toBe(2);
    expect(await store.readStream('note-race')).toHaveLength(2);
  });

  it('lets exactly one of 32 racing creators of the same stream win', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 32 }, (_, writer) => store.append('note-new', 0, [note(`creator ${writer}`)])),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await store.readStream('note-new')).toHaveLength(1);
  });

  it('appends to several streams atomically: a conflict on one writes none', async () => {
    await store.append('note-x', 0, [note('x1')]);
    const conflict = await conflictOf(
      store.appendAll([
        { streamId: 'note-y', expectedVersion: 0, events: [note('y1')] },
        { streamId: 'note-x', expectedVersion: 0, events: [note('x-again')] },
      ]),
    );
    expect(conflict.code).toBe('CONFLICT');
    expect(await store.streamVersion('note-y')).toBe(0);
    const results = await store.appendAll([
      { streamId: 'note-y', expectedVersion: 0, events: [note('y1')] },
      { streamId: 'note-x', expectedVersion: 1, events: [note('x2')] },
    ]);
    expect(results.map((r) => r.streamVersion)).toEqual([1, 2]);
  });

  it('keeps caller ids and times, and refuses an id that is stored already', async () => {
    const id = '0190f5a0-0000-7000-8000-000000000001';
    const [event] = (await store.append('note-ids', 0, [note('dated', { id, occurredAt: '2024-07-01T10:20:30.456Z' })]))
      .events;
    expect(event).toMatchObject({ id, occurredAt: '2024-07-01T10:20:30.456Z' });
    expect(EventId.safeParse((await store.append('note-ids', 1, [note('fresh')])).events[0]?.id).success).toBe(true);
    const duplicate = await conflictOf(store.append('note-other', 0, [note('copy', { id })]));
    expect(duplicate.code).toBe('ALREADY_EXISTS');
    expect(await store.streamVersion('note-other')).toBe(0);
  });

  it('refuses bad writes before touching the database', async () => {
    const cases: Array<[string, number, unknown[]]> = [
      ['Not A Stream', 0, [note('x')]],
      ['note-bad', -1, [note('x')]],
      ['note-bad', 0.5, [note('x')]],
      ['note-bad', 0, []],
      ['note-bad', 0, [{ type: 'Bad Type', data: {}, meta: { actor: someone } }]],
      ['note-bad', 0, [{ type: 'note.written', data: { n: Number.NaN }, meta: { actor: someone } }]],
      ['note-bad', 0, [{ type: 'note.written', data: {}, meta: { actor: { kind: 'robot', id: 'r' } } }]],
      ['note-bad', 0, [{ type: 'note.written', data: {}, meta: { actor: someone }, extra: 1 }]],
    ];
    for (const [streamId, expected, events] of cases) {
      const error = await conflictOf(store.append(streamId, expected, events as NewEvent[]));
      expect(error.code).toBe('INVALID_INPUT');
    }
    const twice = await conflictOf(
      store.appendAll([
        { streamId: 'note-bad', expectedVersion: 0, events: [note('a')] },
        { streamId: 'note-bad', expectedVersion: 0, events: [note('b')] },
      ]),
    );
    expect(twice.code).toBe('INVALID_INPUT');
    expect(await store.streamVersion('note-bad')).toBe(0);
  });

  it('reads every stream in global order, in pages', async () => {
    const head = await store.headPosition();
    await store.append('page-1', 0, [note('p1a'), note('p1b')]);
    await store.append('page-2', 0, [note('p2a')]);
    await store.append('page-1', 2, [note('p1c')]);
    const after = await store.readAll(head, 100);
    expect(after.map((e) => e.data.text)).toEqual(['p1a', 'p1b', 'p2a', 'p1c']);
    expect(after.map((e) => e.globalPosition)).toEqual([...after.map((e) => e.globalPosition)].sort((a, b) => a - b));
    expect(await store.headPosition()).toBe(after.at(-1)?.globalPosition);

    const paged: string[] = [];
    for (let position = head; ; ) {
      const page = await store.readAll(position, 3);
      if (page.length === 0) break;
      paged.push(...page.map((e) => String(e.data.text)));
      position = page.at(-1)?.globalPosition ?? position;
    }
    expect(paged).toEqual(['p1a', 'p1b', 'p2a', 'p1c']);
    const everything = await store.readAll(0, 10_000);
    expect(everything[0]?.globalPosition).toBe(1);
  });
});

describe('fast and consistent reads', () => {
  it('pages through the data of a long stream', async () => {
    await store.append(
      'note-long',
      0,
      Array.from({ length: 25 }, (_, i) => note(`n${i}`)),
    );
    const seen: unknown[] = [];
    let pages = 0;
    for (let after = 0; ; pages++) {
      const page = await store.snapshot((reader) => reader.readStreamData('note-long', after, 10));
      if (page.data.length === 0) break;
      seen.push(...page.data);
      after = page.lastVersion;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual((await store.readStream('note-long')).map((e) => e.data));
    expect(await store.snapshot((reader) => reader.readStreamData('note-none', 0))).toEqual({
      data: [],
      lastVersion: 0,
    });
  });

  it('keeps appends out of a snapshot until it ends', async () => {
    await store.append('note-snap', 0, [note('one')]);
    let appended: Promise<unknown> = Promise.resolve();
    const seen = await store.snapshot(async (reader) => {
      const before = await reader.streamVersion('note-snap');
      appended = store.append('note-snap', 1, [note('two')]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return [before, await reader.streamVersion('note-snap'), (await reader.readStream('note-snap')).length];
    });
    await appended;
    expect(seen).toEqual([1, 1, 1]);
    expect(await store.streamVersion('note-snap')).toBe(2);
    await expect(store.snapshot(async (reader) => reader.readAll(0, 1))).resolves.toHaveLength(1);
  });
});

describe('the append statement', () => {
  it('also runs with the position lock a many-connection PostgreSQL needs', async () => {
    const context = { tenantId: store.tenantId, deviceId: store.deviceId };
    const append = (expectedVersion: number, text: string) =>
      store.db.transaction((tx) =>
        appendInTransaction(
          tx,
          prepareWrites([{ streamId: 'note-locked', expectedVersion, events: [note(text)] }], context),
          {
            tenantId: store.tenantId,
            lockPositions: true,
          },
        ),
      );
    await append(0, 'first');
    await append(1, 'second');
    const stale = await conflictOf(append(1, 'stale'));
    expect(stale.details).toMatchObject({ currentVersion: 2 });
    expect((await store.readStream('note-locked')).map((e) => e.data.text)).toEqual(['first', 'second']);
  });
});

describe('EventStore on disk', () => {
  it('keeps events, versions and the device id across a reopen', async () => {
    const folder = await preparedDataDir();
    try {
      const first = await EventStore.open(folder);
      await first.append('note-kept', 0, [note('kept')]);
      const deviceId = first.deviceId;
      await first.close();
      await expect(first.readAll()).rejects.toMatchObject({ code: 'INTERNAL' });

      const second = await EventStore.open(folder);
      expect(second.deviceId).toBe(deviceId);
      expect((await second.readStream('note-kept')).map((e) => e.data.text)).toEqual(['kept']);
      await second.append('note-kept', 1, [note('more')]);
      expect(await second.streamVersion('note-kept')).toBe(2);
      await second.close();
    } finally {
      await removeDataDir(folder);
    }
  });
});
