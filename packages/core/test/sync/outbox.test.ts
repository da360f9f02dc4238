import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Actor, LOCAL_OWNER } from '../../src/contracts/events.js';
import type { PulledEvent } from '../../src/contracts/sync.js';
import { EventStore } from '../../src/store/index.js';
import { Outbox } from '../../src/sync/outbox.js';
import { TenantLog } from '../../src/sync/tenant-log.js';
import { preparedDataDir, removeDataDir } from '../store/prepared-store.js';

const TENANT = '0190a0b0-0000-7000-8000-000000000001';
const USER = '0190a0b0-0000-7000-8000-0000000000aa';
const OTHER_DEVICE = '0190a0b0-0000-7000-8000-0000000000dd';
const ai = { kind: 'ai', id: 'planner' } as const;

let dataDir: string;
let store: EventStore;
let outbox: Outbox;
let log: TenantLog;

beforeEach(async () => {
  dataDir = await preparedDataDir();
  store = await EventStore.open(dataDir);
  outbox = new Outbox(store, USER);
  log = new TenantLog(store);
  await log.begin(TENANT);
});

afterEach(async () => {
  await store.close();
  await removeDataDir(dataDir);
});

async function record(streamId: string, count: number, actor: Actor = LOCAL_OWNER) {
  const version = await store.streamVersion(streamId);
  const events = Array.from({ length: count }, (_, i) => ({ type: 'note.written', data: { i }, meta: { actor } }));
  return store.append(streamId, version, events);
}

function pulled(position: number, overrides: Partial<PulledEvent> = {}): PulledEvent {
  return {
    position,
    id: `0190a0b0-0000-7000-8000-${String(position).padStart(12, '0')}`,
    deviceId: OTHER_DEVICE,
    seq: position,
    streamId: 'note-remote',
    streamVersion: position,
    type: 'note.written',
    data: { position },
    actor: { kind: 'user', id: USER },
    occurredAt: '2020-01-01T00:00:00.000Z',
    receivedAt: '2026-12-07T00:00:00.000Z',
    chainHash: null,
    ...overrides,
  };
}

describe('the outbox', () => {
  it('numbers this device’s events from 1 in the order they were written, each once', async () => {
    await record('note-a', 2);
    await record('note-b', 1, ai);
    await record('note-a', 1);
    expect(await outbox.waitingCount()).toBe(4);
    expect(await outbox.number()).toBe(4);
    expect(await outbox.number()).toBe(0);
    const waiting = await outbox.waiting(10);
    expect(waiting.map((w) => w.seq)).toEqual([1, 2, 3, 4]);
    expect(waiting.map((w) => w.event.streamId)).toEqual(['note-a', 'note-a', 'note-b', 'note-a']);
    await record('note-c', 2);
    expect(await outbox.number()).toBe(2);
    expect((await outbox.waiting(10)).map((w) => w.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await outbox.waitingCount()).toBe(6);
  });

  it('numbers in chunks without skipping or repeating', async () => {
    await record('note-a', 7);
    expect(await outbox.number(3)).toBe(3);
    expect(await outbox.number(3)).toBe(3);
    expect(await outbox.number(3)).toBe(1);
    const waiting = await outbox.waiting(100);
    expect(waiting.map((w) => w.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(waiting.map((w) => w.event.id)).size).toBe(7);
  });

  it('pushes the owner on this computer as the signed-in user, and the AI as itself', async () => {
    await record('note-a', 1);
    await record('note-b', 1, ai);
    await outbox.number();
    const [mine, planner] = (await outbox.waiting(10)).map((w) => outbox.toPushed(w));
    expect(mine).toMatchObject({ seq: 1, streamId: 'note-a', type: 'note.written', actor: { kind: 'user', id: USER } });
    expect(planner?.actor).toEqual(ai);
    expect(mine).not.toHaveProperty('chainHash');
  });

  it('keeps the first answer for a number, and resends what the server no longer holds', async () => {
    await record('note-a', 3);
    await outbox.number();
    await outbox.record([
      { seq: 1, status: 'accepted', position: 10 },
      { seq: 2, status: 'refused', code: 'FORBIDDEN', message: 'Only owners change the constitution.' },
    ]);
    // A duplicated delivery of an answer changes nothing.
    await outbox.record([{ seq: 1, status: 'duplicate', position: 99 }]);
    expect((await outbox.waiting(10)).map((w) => w.seq)).toEqual([3]);
    expect(await outbox.refused()).toEqual([
      expect.objectContaining({ seq: 2, code: 'FORBIDDEN', message: 'Only owners change the constitution.' }),
    ]);
    await outbox.resendAfter(0);
    expect((await outbox.waiting(10)).map((w) => w.seq)).toEqual([1, 2, 3]);
    expect(await outbox.refused()).toEqual([]);
  });

  it('starts numbering again at 1 for a new registration, and on sign-out waits for nothing', async () => {
    await record('note-a', 2);
    await outbox.number();
    await outbox.record([{ seq: 1, status: 'accepted', position: 1 }]);
    await log.begin(TENANT);
    expect(await outbox.waitingCount()).toBe(2);
    expect(await outbox.number()).toBe(2);
    expect((await outbox.waiting(10)).map((w) => w.seq)).toEqual([1, 2]);
    await log.end();
    expect((await outbox.waiting(10)).length).toBe(0);
  });
});

describe('the tenant log copy', () => {
  it('keeps each pulled event once and moves the cursor with it', async () => {
    expect(await log.apply(0, { events: [pulled(1), pulled(2)], cursor: 2, more: true })).toBe(2);
    // The same pull again (a device killed before it saw the answer) adds nothing.
    expect(await log.apply(0, { events: [pulled(1), pulled(2)], cursor: 2, more: true })).toBe(2);
    expect(await log.apply(2, { events: [pulled(3)], cursor: 3, more: false })).toBe(3);
    expect(await log.size()).toBe(3);
    expect((await log.after(0)).map((e) => e.position)).toEqual([1, 2, 3]);
    expect((await log.after(1))[0]).toEqual(pulled(2));
  });

  it('takes the server’s cursor only for a pull made from where the copy stands', async () => {
    await log.apply(0, { events: [pulled(1), pulled(2), pulled(3)], cursor: 3, more: false });
    // A late answer to an older pull: only what is new counts, the cursor does not go back.
    expect(await log.apply(1, { events: [pulled(2)], cursor: 2, more: true })).toBe(3);
    // An empty answer from where it stands may move the cursor past positions that are not the tenant's to see.
    expect(await log.apply(3, { events: [], cursor: 5, more: false })).toBe(5);
    expect((await log.state())?.cursor).toBe(5);
  });

  it('starts empty for another tenant, and keeps the copy for the same one', async () => {
    await log.apply(0, { events: [pulled(1)], cursor: 1, more: false });
    await log.begin(TENANT);
    expect(await log.size()).toBe(1);
    expect((await log.state())?.cursor).toBe(1);
    await log.begin('0190a0b0-0000-7000-8000-000000000002');
    expect(await log.size()).toBe(0);
    expect((await log.state())?.cursor).toBe(0);
  });
});
