import { asc, count, eq, gt } from 'drizzle-orm';
import type { PulledEvent, PullResponse } from '../contracts/sync.js';
import type { EventStore } from '../store/event-store.js';
import { syncLog, syncOutbox, syncState } from './schema.js';

/** Where this device's copy of the tenant's log stands. */
export interface TenantLogState {
  tenantId: string;
  cursor: number;
  pulledAt: string | null;
  pushedAt: string | null;
}

/**
 * This device's copy of the tenant's log, in the server's order. A pull's events and the cursor after
 * them are written in one transaction: a device killed mid-pull pulls the same events again, and an
 * event it already holds (the same position or id) is kept once.
 */
export class TenantLog {
  constructor(private readonly store: EventStore) {}

  /**
   * Starts the sync state of a new device registration. Its numbers start again at 1, so every event
   * of this device is numbered afresh (pushed as the signed-in user's history from this device); the
   * copy of the tenant's log is kept when it is the same tenant's, else it starts empty.
   */
  async begin(tenantId: string): Promise<void> {
    await this.store.db.transaction(async (tx) => {
      const [state] = await tx.select().from(syncState);
      const sameTenant = state?.tenantId === tenantId;
      if (!sameTenant) await tx.delete(syncLog);
      await tx.delete(syncOutbox);
      await tx.delete(syncState);
      await tx.insert(syncState).values({ slot: 1, tenantId, cursor: sameTenant ? state.cursor : 0 });
    });
  }

  async state(): Promise<TenantLogState | null> {
    const [state] = await this.store.db.select().from(syncState);
    if (!state) return null;
    return {
      tenantId: state.tenantId,
      cursor: state.cursor,
      pulledAt: state.pulledAt?.toISOString() ?? null,
      pushedAt: state.pushedAt?.toISOString() ?? null,
    };
  }

  /** Keeps what a pull after `after` answered; answers the new cursor. */
  async apply(after: number, pulled: PullResponse, at = new Date()): Promise<number> {
    return this.store.db.transaction(async (tx) => {
      const [state] = await tx.select().from(syncState).for('update');
      if (!state) throw new Error('A pull needs a signed-in sync state.');
      // An answer to an older request (the cursor moved on meanwhile) adds only what is new.
      const fresh = pulled.events.filter((event) => event.position > state.cursor);
      if (fresh.length > 0) {
        await tx.insert(syncLog).values(fresh.map(row)).onConflictDoNothing();
      }
      // The server's cursor counts only for the request made from where the copy stands.
      const reached = after === state.cursor ? pulled.cursor : state.cursor;
      const cursor = Math.max(reached, ...fresh.map((event) => event.position));
      await tx.update(syncState).set({ cursor, pulledAt: at }).where(eq(syncState.slot, 1));
      return cursor;
    });
  }

  /** Events of the copy after `position`, in order. */
  async after(position: number, limit = 1000): Promise<PulledEvent[]> {
    const rows = await this.store.db
      .select()
      .from(syncLog)
      .where(gt(syncLog.position, position))
      .orderBy(asc(syncLog.position))
      .limit(limit);
    return rows.map(pulled);
  }

  /** Every event of one stream in the copy (every device's audit entries), in the log's order. */
  async stream(streamId: string): Promise<PulledEvent[]> {
    const rows = await this.store.db
      .select()
      .from(syncLog)
      .where(eq(syncLog.streamId, streamId))
      .orderBy(asc(syncLog.position));
    return rows.map(pulled);
  }

  async size(): Promise<number> {
    const [rows] = await this.store.db.select({ n: count() }).from(syncLog);
    return Number(rows?.n ?? 0);
  }

  /** Signing out ends the sync state; the copy of the log stays until another tenant's replaces it. */
  async end(): Promise<void> {
    await this.store.db.transaction(async (tx) => {
      await tx.delete(syncOutbox);
      await tx.update(syncState).set({ numberedThrough: 0 }).where(eq(syncState.slot, 1));
    });
  }
}

function row(event: PulledEvent): typeof syncLog.$inferInsert {
  return {
    position: event.position,
    eventId: event.id,
    deviceId: event.deviceId,
    seq: event.seq,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    data: event.data,
    actor: event.actor,
    occurredAt: event.occurredAt,
    receivedAt: event.receivedAt,
    chainHash: event.chainHash,
  };
}

function pulled(r: typeof syncLog.$inferSelect): PulledEvent {
  return {
    position: r.position,
    id: r.eventId,
    deviceId: r.deviceId,
    seq: r.seq,
    streamId: r.streamId,
    streamVersion: r.streamVersion,
    type: r.type,
    data: r.data,
    actor: r.actor,
    occurredAt: new Date(r.occurredAt).toISOString(),
    receivedAt: new Date(r.receivedAt).toISOString(),
    chainHash: r.chainHash,
  };
}
