import { eq, type SQL, sql } from 'drizzle-orm';
import { CoreError } from '../contracts/errors.js';
import {
  ExpectedVersion,
  type NewEvent,
  NewEvent as NewEventSchema,
  type StoredEvent,
  type StreamConflict,
  StreamId,
} from '../contracts/events.js';
import { rowsOf, type StoreTransaction } from './database.js';
import { events, streams } from './schema.js';
import { uuid7 } from './uuid7.js';

/** Events for one stream, appended only if the stream is still at `expectedVersion`. */
export interface StreamWrite {
  streamId: string;
  expectedVersion: number;
  events: readonly NewEvent[];
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append: the expected version of the next one. */
  streamVersion: number;
  events: StoredEvent[];
}

export interface AppendContext {
  tenantId: string;
  deviceId: string;
}

/**
 * Global positions must be handed out in commit order, so that a reader who has seen position n can
 * already see every position below n and "read everything after my position" never skips an event
 * whose transaction started earlier but committed later. PGlite has one connection and runs one
 * transaction at a time, and every read waits for the open transaction, so its appends are in commit
 * order by construction. A PostgreSQL with many connections needs this transaction-scoped lock taken
 * first by every append (`lockPositions`); it costs PGlite about 30% of its single-append rate.
 */
const APPEND_LOCK = 0x77_65_62_6e; // "webn"

const INSERT_CHUNK = 1000;

interface PreparedWrite {
  streamId: string;
  expectedVersion: number;
  rows: Array<typeof events.$inferInsert & { occurredAt: Date }>;
}

/** Checks and completes the writes before any SQL runs, so a bad event costs no transaction. */
export function prepareWrites(writes: readonly StreamWrite[], context: AppendContext): PreparedWrite[] {
  if (writes.length === 0) throw new CoreError('INVALID_INPUT', 'Nothing to append.');
  const seen = new Set<string>();
  return writes.map((write) => {
    const streamId = StreamId.safeParse(write.streamId);
    if (!streamId.success) {
      throw new CoreError('INVALID_INPUT', `"${write.streamId}" is not a stream id.`, streamId.error.issues);
    }
    if (seen.has(write.streamId)) {
      throw new CoreError('INVALID_INPUT', `Stream ${write.streamId} appears twice in one append.`);
    }
    seen.add(write.streamId);
    if (!ExpectedVersion.safeParse(write.expectedVersion).success) {
      throw new CoreError('INVALID_INPUT', `Expected version ${write.expectedVersion} is not a whole number ≥ 0.`);
    }
    if (write.events.length === 0) throw new CoreError('INVALID_INPUT', `No events to append to ${write.streamId}.`);
    const rows = write.events.map((candidate, index) => {
      const parsed = NewEventSchema.safeParse(candidate);
      if (!parsed.success) {
        throw new CoreError('INVALID_INPUT', `Event ${index} for ${write.streamId} is not valid.`, parsed.error.issues);
      }
      const event = parsed.data;
      const occurredAt = event.occurredAt ? new Date(event.occurredAt) : new Date();
      return {
        id: event.id ?? uuid7(occurredAt.getTime()),
        tenantId: context.tenantId,
        streamId: write.streamId,
        streamVersion: write.expectedVersion + index + 1,
        type: event.type,
        // The caller's own object, now known to be valid: zod's copy would drop a "__proto__" key, and
        // what is stored must be exactly what was hashed (audit entries) or signed.
        data: candidate.data,
        meta: { ...event.meta, deviceId: event.meta.deviceId ?? context.deviceId },
        occurredAt,
      };
    });
    return { streamId: write.streamId, expectedVersion: write.expectedVersion, rows };
  });
}

export interface AppendOptions {
  tenantId: string;
  /** Take APPEND_LOCK first: needed where several connections append at once, not on PGlite. */
  lockPositions: boolean;
}

async function currentVersion(tx: StoreTransaction, streamId: string): Promise<number> {
  const [row] = await tx.select({ version: streams.version }).from(streams).where(eq(streams.streamId, streamId));
  return row?.version ?? 0;
}

function conflict(write: PreparedWrite, currentVersion: number): CoreError {
  const details: StreamConflict = { streamId: write.streamId, expectedVersion: write.expectedVersion, currentVersion };
  return new CoreError(
    'CONFLICT',
    `Stream ${write.streamId} is at version ${currentVersion}, not ${write.expectedVersion}: someone else wrote first. Read it again and retry.`,
    details,
  );
}

/**
 * One statement moves the stream from its expected version (or creates it, for 0) and inserts the
 * events only if it did, so an append is a single round trip: the optimistic-concurrency check is
 * the `version = expected` in the WHERE, and no rows back means someone else moved the stream first.
 * The events travel as one JSON parameter (jsonb_to_recordset), which PGlite takes in far faster than
 * eight parameters per event. `order by` hands out global positions in stream-version order.
 */
function insertStatement(write: PreparedWrite, rows: PreparedWrite['rows'], tenantId: string, moveStream: SQL | null) {
  const batch = JSON.stringify(
    rows.map((row) => ({
      id: row.id,
      stream_version: row.streamVersion,
      type: row.type,
      data: row.data,
      meta: row.meta,
      occurred_at: row.occurredAt,
    })),
  );
  const insert = sql`insert into ${events} (id, tenant_id, stream_id, stream_version, type, data, meta, occurred_at)
    select e.id, ${tenantId}::text, ${write.streamId}::text, e.stream_version, e.type, e.data, e.meta, e.occurred_at
    from jsonb_to_recordset(${batch}::jsonb)
      as e(id uuid, stream_version bigint, type text, data jsonb, meta jsonb, occurred_at timestamptz)`;
  return moveStream
    ? sql`with moved as (${moveStream} returning 1) ${insert} where exists (select 1 from moved) order by e.stream_version returning id, global_position`
    : sql`${insert} order by e.stream_version returning id, global_position`;
}

function moveStatement(write: PreparedWrite, tenantId: string): SQL {
  const next = write.expectedVersion + write.rows.length;
  return write.expectedVersion === 0
    ? sql`insert into ${streams} (stream_id, tenant_id, version) values (${write.streamId}, ${tenantId}, ${next}) on conflict do nothing`
    : sql`update ${streams} set version = ${next}, updated_at = now() where stream_id = ${write.streamId} and version = ${write.expectedVersion}`;
}

/** The SQL half of an append: runs inside a transaction the caller owns, and commits nothing itself. */
export async function appendInTransaction(
  tx: StoreTransaction,
  writes: readonly PreparedWrite[],
  options: AppendOptions,
): Promise<AppendResult[]> {
  if (options.lockPositions) await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK})`);
  const results: AppendResult[] = [];
  for (const write of writes) {
    const stored: StoredEvent[] = [];
    for (let start = 0; start < write.rows.length; start += INSERT_CHUNK) {
      const chunk = write.rows.slice(start, start + INSERT_CHUNK);
      const inserted = rowsOf<{ id: string; global_position: number | string | bigint }>(
        await tx.execute(
          insertStatement(write, chunk, options.tenantId, start === 0 ? moveStatement(write, options.tenantId) : null),
        ),
      );
      if (inserted.length !== chunk.length) throw conflict(write, await currentVersion(tx, write.streamId));
      const positionOf = new Map(inserted.map((row) => [row.id, Number(row.global_position)]));
      for (const row of chunk) {
        stored.push({
          id: row.id,
          tenantId: row.tenantId,
          streamId: row.streamId,
          streamVersion: row.streamVersion,
          globalPosition: positionOf.get(row.id) ?? 0,
          type: row.type,
          data: row.data,
          meta: row.meta,
          occurredAt: row.occurredAt.toISOString(),
        });
      }
    }
    results.push({
      streamId: write.streamId,
      streamVersion: write.expectedVersion + write.rows.length,
      events: stored,
    });
  }
  return results;
}
