import { asc, eq, inArray, like } from 'drizzle-orm';
import type { StoredEvent } from '../contracts/events.js';
import type { EventStore } from '../store/event-store.js';
import { events } from '../store/schema.js';
import { syncLog, syncOutbox } from './schema.js';

/**
 * A stream as this device knows it: the server's word on it, then what this device wrote that the
 * server has not confirmed yet (Replicache's confirmed state and pending mutations). The server is the
 * authority: what it refused of this device's events is left out, so a refused change is undone here
 * by the next read, and what the server wrote or took from other devices is in `confirmed`.
 */
export interface StreamView {
  /** The server's events of the stream in its order, with its versions (empty when it holds none). */
  confirmed: StoredEvent[];
  /** This device's events the server has neither confirmed (pulled back) nor refused, in the order written. */
  pending: StoredEvent[];
  /** How many of this device's events of the stream the server refused. */
  refused: number;
  /** The local stream's version: the expected version of this device's next append to it. */
  localVersion: number;
  /** The ids of every event of the stream this device wrote, confirmed or not. */
  writtenHere: Set<string>;
}

/** Whether the server has a word on the stream: then its view, not the local stream alone, decides. */
export const isSynced = (view: StreamView) => view.confirmed.length > 0 || view.refused > 0;

/** The server's version of the stream as far as this device can tell: what it confirmed, and what waits on top. */
export const serverVersionOf = (view: StreamView) => (view.confirmed.at(-1)?.streamVersion ?? 0) + view.pending.length;

export type StreamSelection = { streamIds: readonly string[] } | { prefix: string };

/** The views of the selected streams (those with any event here or on the server), read on one snapshot. */
export async function readStreamViews(store: EventStore, selection: StreamSelection): Promise<Map<string, StreamView>> {
  if ('streamIds' in selection && selection.streamIds.length === 0) return new Map();
  const local =
    'prefix' in selection
      ? like(events.streamId, `${selection.prefix}%`)
      : inArray(events.streamId, [...selection.streamIds]);
  const pulled =
    'prefix' in selection
      ? like(syncLog.streamId, `${selection.prefix}%`)
      : inArray(syncLog.streamId, [...selection.streamIds]);
  const [localRows, pulledRows] = await store.db.transaction(
    async (tx) =>
      Promise.all([
        tx
          .select({ event: events, status: syncOutbox.status })
          .from(events)
          .leftJoin(syncOutbox, eq(syncOutbox.eventId, events.id))
          .where(local)
          .orderBy(asc(events.globalPosition)),
        tx.select().from(syncLog).where(pulled).orderBy(asc(syncLog.position)),
      ]),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const views = new Map<string, StreamView>();
  const viewOf = (streamId: string) => {
    let view = views.get(streamId);
    if (!view) {
      view = emptyView();
      views.set(streamId, view);
    }
    return view;
  };
  const confirmedIds = new Set<string>();
  for (const row of pulledRows) {
    confirmedIds.add(row.eventId);
    viewOf(row.streamId).confirmed.push({
      id: row.eventId,
      tenantId: store.tenantId,
      streamId: row.streamId,
      streamVersion: row.streamVersion,
      globalPosition: row.position,
      type: row.type,
      data: row.data,
      // What the server wrote itself (an expiry, a closing approval) comes from no device.
      meta: { actor: row.actor, deviceId: row.deviceId ?? 'server' },
      occurredAt: new Date(row.occurredAt).toISOString(),
    });
  }
  for (const { event, status } of localRows) {
    const view = viewOf(event.streamId);
    view.localVersion = Math.max(view.localVersion, event.streamVersion);
    view.writtenHere.add(event.id);
    if (status === 'refused') view.refused += 1;
    else if (!confirmedIds.has(event.id)) {
      view.pending.push({ ...event, occurredAt: event.occurredAt.toISOString() });
    }
  }
  return views;
}

/** One stream's view (empty when nobody wrote to it). */
export async function readStreamView(store: EventStore, streamId: string): Promise<StreamView> {
  const views = await readStreamViews(store, { streamIds: [streamId] });
  return views.get(streamId) ?? emptyView();
}

const emptyView = (): StreamView => ({
  confirmed: [],
  pending: [],
  refused: 0,
  localVersion: 0,
  writtenHere: new Set(),
});
