import { and, asc, eq, gt, gte, max, sql } from 'drizzle-orm';
import type { StoredEvent } from '../contracts/events.js';
import { rowsOf, type StoreDatabase } from './database.js';
import { events, streams } from './schema.js';

const MAX_READ = 10_000;

const clampLimit = (limit: number) => Math.max(1, Math.min(Math.floor(limit), MAX_READ));

function toStoredEvent(row: typeof events.$inferSelect): StoredEvent {
  return {
    id: row.id,
    tenantId: row.tenantId,
    streamId: row.streamId,
    streamVersion: row.streamVersion,
    globalPosition: row.globalPosition,
    type: row.type,
    data: row.data,
    meta: row.meta,
    occurredAt: row.occurredAt.toISOString(),
  };
}

/** The store's reads, on the database itself or inside one transaction (then all of them see one snapshot). */
export class StoreReader {
  /** A transaction is a database too (drizzle's PgTransaction extends PgDatabase). */
  constructor(private readonly db: StoreDatabase) {}

  /** The stream's current version: the number of events in it, 0 when it does not exist. */
  async streamVersion(streamId: string): Promise<number> {
    const [row] = await this.db
      .select({ version: streams.version })
      .from(streams)
      .where(eq(streams.streamId, streamId));
    return row?.version ?? 0;
  }

  /** The stream's events from `fromVersion` (1 is the first) on, in order. */
  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    const rows = await this.db
      .select()
      .from(events)
      .where(and(eq(events.streamId, streamId), gte(events.streamVersion, fromVersion)))
      .orderBy(asc(events.streamVersion));
    return rows.map(toStoredEvent);
  }

  /**
   * Only the data of the stream's events after `afterVersion`, at most `limit` of them, in order, and
   * the version of the last one: the fast way through a long stream (one JSON document per page
   * instead of one row per event).
   */
  async readStreamData(
    streamId: string,
    afterVersion: number,
    limit = 5000,
  ): Promise<{ data: unknown[]; lastVersion: number }> {
    const result = await this.db.execute(sql`
      select coalesce(json_agg(page.data order by page.stream_version), '[]'::json) as data,
             max(page.stream_version) as last
      from (
        select data, stream_version from ${events}
        where stream_id = ${streamId} and stream_version > ${afterVersion}
        order by stream_version limit ${clampLimit(limit)}
      ) as page`);
    const [page] = rowsOf<{ data: unknown[] | string; last: number | string | null }>(result);
    const data = typeof page?.data === 'string' ? JSON.parse(page.data) : (page?.data ?? []);
    return { data, lastVersion: Number(page?.last ?? afterVersion) };
  }

  /** Up to `limit` events of every stream after `afterPosition` (0: from the start), in global order. */
  async readAll(afterPosition = 0, limit = 1000): Promise<StoredEvent[]> {
    const rows = await this.db
      .select()
      .from(events)
      .where(gt(events.globalPosition, afterPosition))
      .orderBy(asc(events.globalPosition))
      .limit(clampLimit(limit));
    return rows.map(toStoredEvent);
  }

  /** The global position of the newest event, 0 when the store is empty. */
  async headPosition(): Promise<number> {
    const [row] = await this.db.select({ head: max(events.globalPosition) }).from(events);
    return row?.head ?? 0;
  }
}
