import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { type Actor, LOCAL_OWNER, type StoredEvent } from '../contracts/events.js';
import type { PushedEvent, PushOutcome } from '../contracts/sync.js';
import { rowsOf } from '../store/database.js';
import type { EventStore } from '../store/event-store.js';
import { events } from '../store/schema.js';
import { syncOutbox, syncState } from './schema.js';

/** An event waiting to be pushed, with the number it goes out under. */
export interface WaitingEvent {
  seq: number;
  event: StoredEvent;
}

/** A pushed event the server refused, as the Sync view lists it. */
export interface RefusedEvent {
  seq: number;
  eventId: string;
  code: string;
  message: string;
}

/**
 * This device's side of push: what it wrote, numbered in the order it was written, and what the server
 * answered for each number. Numbering and answering are each one transaction; a push in between may be
 * cut off at any point, and the next round sends the same numbers again.
 */
export class Outbox {
  constructor(
    private readonly store: EventStore,
    /** Who "the owner" on this computer is on the server: local events are pushed as that user's. */
    private readonly userId: string,
  ) {}

  /** Numbers this device's events written since the last time, up to `limit`; answers how many. */
  async number(limit = 5000): Promise<number> {
    return this.store.db.transaction(async (tx) => {
      const [state] = await tx.select().from(syncState).for('update');
      if (!state) throw new Error('Numbering for push needs a signed-in sync state.');
      const [last] = await tx.select({ seq: sql<number>`coalesce(max(${syncOutbox.seq}), 0)` }).from(syncOutbox);
      const fresh = await tx
        .select({ id: events.id, position: events.globalPosition })
        .from(events)
        .where(
          and(
            gt(events.globalPosition, state.numberedThrough),
            eq(sql`${events.meta}->>'deviceId'`, this.store.deviceId),
          ),
        )
        .orderBy(asc(events.globalPosition))
        .limit(limit);
      const lastPosition = fresh.at(-1)?.position;
      if (lastPosition === undefined) return 0;
      const first = Number(last?.seq ?? 0) + 1;
      await tx.insert(syncOutbox).values(fresh.map((row, index) => ({ seq: first + index, eventId: row.id })));
      await tx.update(syncState).set({ numberedThrough: lastPosition }).where(eq(syncState.slot, 1));
      return fresh.length;
    });
  }

  /** Numbered events the server has not answered, oldest first. */
  async waiting(limit: number): Promise<WaitingEvent[]> {
    const rows = await this.store.db
      .select({ seq: syncOutbox.seq, event: events })
      .from(syncOutbox)
      .innerJoin(events, eq(events.id, syncOutbox.eventId))
      .where(isNull(syncOutbox.status))
      .orderBy(asc(syncOutbox.seq))
      .limit(limit);
    return rows.map(({ seq, event }) => ({
      seq,
      event: {
        id: event.id,
        tenantId: event.tenantId,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        globalPosition: event.globalPosition,
        type: event.type,
        data: event.data,
        meta: event.meta,
        occurredAt: event.occurredAt.toISOString(),
      },
    }));
  }

  /** The event as the protocol carries it: the owner on this computer becomes the signed-in user. */
  toPushed({ seq, event }: WaitingEvent): PushedEvent {
    const hash = event.streamId === 'audit' ? event.data.hash : undefined;
    const { basedOn } = event.meta;
    return {
      seq,
      id: event.id,
      streamId: event.streamId,
      ...(basedOn !== undefined ? { expectedVersion: basedOn } : {}),
      type: event.type,
      data: event.data,
      actor: this.#actor(event.meta.actor),
      occurredAt: event.occurredAt,
      ...(typeof hash === 'string' ? { chainHash: hash } : {}),
    };
  }

  /** Writes the server's answers; an answer for a number already answered changes nothing. */
  async record(outcomes: readonly PushOutcome[], at = new Date()): Promise<void> {
    if (outcomes.length === 0) return;
    await this.store.db.transaction(async (tx) => {
      for (const outcome of outcomes) {
        const answered =
          outcome.status === 'refused'
            ? {
                status: outcome.status,
                position: null,
                refusal: {
                  code: outcome.code,
                  message: outcome.message,
                  ...(outcome.currentVersion !== undefined ? { currentVersion: outcome.currentVersion } : {}),
                },
              }
            : { status: outcome.status, position: outcome.position, refusal: null };
        await tx
          .update(syncOutbox)
          .set({ ...answered, answeredAt: at })
          .where(and(eq(syncOutbox.seq, outcome.seq), isNull(syncOutbox.status)));
      }
      await tx.update(syncState).set({ pushedAt: at }).where(eq(syncState.slot, 1));
    });
  }

  /**
   * The server holds this device's events only up to `lastSeq` (its answer to a push that left a gap,
   * e.g. after the server's database was restored from a backup): everything numbered after that is
   * sent again, whatever it answered before.
   */
  async resendAfter(lastSeq: number): Promise<void> {
    await this.store.db
      .update(syncOutbox)
      .set({ status: null, position: null, refusal: null, answeredAt: null })
      .where(gt(syncOutbox.seq, lastSeq));
  }

  /** How many numbered events wait for an answer, plus this device's events not numbered yet. */
  async waitingCount(): Promise<number> {
    const [numbered] = await this.store.db.select({ n: count() }).from(syncOutbox).where(isNull(syncOutbox.status));
    const result = await this.store.db.execute(
      sql`select count(*)::int as n from ${events} e, ${syncState} s
           where e.global_position > s.numbered_through and e.meta->>'deviceId' = ${this.store.deviceId}`,
    );
    const [unnumbered] = rowsOf<{ n: number }>(result);
    return Number(numbered?.n ?? 0) + Number(unnumbered?.n ?? 0);
  }

  /** What the server refused, newest first. */
  async refused(limit = 100): Promise<RefusedEvent[]> {
    const rows = await this.store.db
      .select({ seq: syncOutbox.seq, eventId: syncOutbox.eventId, refusal: syncOutbox.refusal })
      .from(syncOutbox)
      .where(eq(syncOutbox.status, 'refused'))
      .orderBy(sql`${syncOutbox.seq} desc`)
      .limit(limit);
    return rows.map((row) => ({
      seq: row.seq,
      eventId: row.eventId,
      code: String(row.refusal?.code ?? 'INVALID'),
      message: String(row.refusal?.message ?? ''),
    }));
  }

  #actor(actor: Actor): Actor {
    return actor.kind === LOCAL_OWNER.kind && actor.id === LOCAL_OWNER.id ? { kind: 'user', id: this.userId } : actor;
  }
}
