import { createHash } from 'node:crypto';
import { canonicalJson } from '@webnova/core/canonical-json';
import type { Actor, JsonObject } from '@webnova/core/contracts';
import type { PulledEvent } from '@webnova/core/contracts/sync';
import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '../db/database.js';
import { tenantNotFound } from '../tenants/not-found.js';
import { toIso } from '../users/user.js';

/** The channel every replica listens on: `{"tenantId", "position"}` after a tenant's log grew. */
export const SYNC_CHANNEL = 'webnova_sync';

/**
 * Tells every replica, once this transaction commits (and never if it rolls back), that the tenant's log
 * grew, that a device was revoked, or that a user was suspended (their poke sockets close).
 */
export async function notifySync(
  tx: Queryable,
  message: { tenantId: string; revoked?: string; suspended?: string },
): Promise<void> {
  await tx.query('select pg_notify($1, $2)', [SYNC_CHANNEL, JSON.stringify(message)]);
}

/** What tells a duplicate from a reused seq: SHA-256 of the event's canonical JSON as pushed, less its seq. */
export function contentHash(event: Record<string, unknown>): string {
  const { seq: _seq, ...content } = event;
  return createHash('sha256')
    .update(canonicalJson(content as JsonObject))
    .digest('hex');
}

/**
 * Locks the tenant's log for this transaction and answers its position now. Every append takes this
 * lock (on the tenant row, `FOR NO KEY UPDATE`, as the audit chain does: one lock serialises both, so
 * they never wait on each other in opposite orders), so positions are handed out in commit order.
 */
export async function lockLog(tx: Queryable, tenantId: string): Promise<number> {
  const [row] = await tx.query<{ log_position: string | number }>(
    'select log_position from tenants where id = $1 for no key update',
    [tenantId],
  );
  if (!row) throw tenantNotFound();
  return Number(row.log_position);
}

/**
 * A select of each stream's version now (0: no event yet) as `stream_id, version`, for the streams of
 * `streams` (a FROM item aliased `s(stream_id)`) in the tenant `$1`: one index probe per stream.
 */
const streamVersionsOf = (streams: string) =>
  `select s.stream_id, (select coalesce(max(l.stream_version), 0) from sync_events l
                         where l.tenant_id = $1 and l.stream_id = s.stream_id)::int as version
     from ${streams}`;

/** The versions these streams of the tenant's log have reached (0: no event yet). */
export async function streamVersions(
  tx: Queryable,
  tenantId: string,
  streamIds: readonly string[],
): Promise<Map<string, number>> {
  if (streamIds.length === 0) return new Map();
  const rows = await tx.query<{ stream_id: string; version: number }>(
    streamVersionsOf('unnest($2::text[]) as s(stream_id)'),
    [tenantId, [...new Set(streamIds)]],
  );
  return new Map(rows.map((row) => [row.stream_id, row.version]));
}

/** An event for the tenant's log: pushed by a device (with its seq), or written by the server itself. */
export interface LogEvent {
  id?: string;
  streamId: string;
  type: string;
  data: JsonObject;
  actor: Actor;
  /** The device's clock for a pushed event; the server's when absent. */
  occurredAt?: string;
  chainHash?: string | null;
  device?: { deviceId: string; seq: number };
  contentHash?: string;
}

/** Where an appended event landed. */
export interface Appended {
  position: number;
  streamVersion: number;
  id: string;
}

/**
 * Appends one event at the next position of the tenant's log and the next version of its stream, inside
 * the caller's transaction, and has every replica told once it commits.
 */
export async function appendToLog(tx: Queryable, tenantId: string, event: LogEvent): Promise<Appended> {
  const [appended] = await appendAllToLog(tx, tenantId, [event]);
  if (!appended) throw tenantNotFound();
  return appended;
}

/**
 * Appends events, in their order, at the next positions of the tenant's log and the next versions of
 * their streams, in one statement inside the caller's transaction (a push's plain events go in hundreds
 * at a time), and has every replica told once it commits (`pg_notify` is delivered at commit, and not
 * at all on rollback; several in one transaction with the same payload go as one). Answers each event's
 * place, in the order given. Event ids must differ from each other and from the log's.
 */
export async function appendAllToLog(
  tx: Queryable,
  tenantId: string,
  events: readonly LogEvent[],
): Promise<Appended[]> {
  if (events.length === 0) return [];
  // Held already by a push and by the audit chain's append; taken here otherwise. Held, this statement's
  // snapshot (a new one per statement) sees every earlier append of the tenant, stream versions included.
  await lockLog(tx, tenantId);
  const rows = events.map((event, index) => {
    const id = event.id ?? uuidv7();
    return {
      n: index + 1,
      id,
      device_id: event.device?.deviceId ?? null,
      seq: event.device?.seq ?? null,
      stream_id: event.streamId,
      type: event.type,
      data: event.data,
      actor: event.actor,
      occurred_at: event.occurredAt ?? new Date().toISOString(),
      content_hash:
        event.contentHash ?? contentHash({ id, streamId: event.streamId, type: event.type, data: event.data }),
      chain_hash: event.chainHash ?? null,
    };
  });
  // One round trip: the positions (the batch's `n` after the log's head), each stream's next versions (its
  // head, then its events of the batch in order), the rows, and the notification.
  const appended = await tx.query<{ id: string; position: string | number; stream_version: number }>(
    `with next as (update tenants set log_position = log_position + $2 where id = $1 returning log_position),
          told as (select pg_notify($3, $4)),
          batch as (select * from jsonb_to_recordset($5::jsonb) as e(
                      n int, id uuid, device_id uuid, seq int, stream_id text, type text, data jsonb, actor jsonb,
                      occurred_at timestamptz, content_hash text, chain_hash text)),
          head as (${streamVersionsOf('(select distinct stream_id from batch) s')})
     insert into sync_events (tenant_id, position, id, device_id, seq, stream_id, stream_version, type, data, actor,
                              occurred_at, received_at, content_hash, chain_hash)
     select $1, next.log_position - $2 + b.n, b.id, b.device_id, b.seq, b.stream_id,
            head.version + row_number() over (partition by b.stream_id order by b.n), b.type, b.data, b.actor,
            b.occurred_at, clock_timestamp(), b.content_hash, b.chain_hash
       from next, told, batch b join head using (stream_id)
      order by b.n
     returning id, position, stream_version`,
    [tenantId, events.length, SYNC_CHANNEL, JSON.stringify({ tenantId }), JSON.stringify(rows)],
  );
  if (appended.length !== rows.length) throw tenantNotFound();
  const placed = new Map(appended.map((row) => [row.id, row]));
  return rows.map(({ id }) => {
    const row = placed.get(id);
    if (!row) throw new Error(`the log did not take event ${id}`);
    return { position: Number(row.position), streamVersion: row.stream_version, id };
  });
}

interface EventRow {
  position: string | number;
  id: string;
  device_id: string | null;
  seq: number | null;
  stream_id: string;
  stream_version: number;
  type: string;
  data: JsonObject;
  actor: Actor;
  occurred_at: string | Date;
  received_at: string | Date;
  chain_hash: string | null;
}

/** The most event data one pull carries (at least one event, whatever its size): the device reads 32 MiB at most. */
export const PULL_MAX_DATA_BYTES = 8 * 1024 * 1024;

/**
 * The read of a page of the log (`$1` tenant, `$2` after, `$3` limit, `$4` bytes of data at most), one
 * statement for `queryOnce`: the events after the cursor in position order, up to `limit`, stopping
 * at the first that starts past the byte budget (`before`: the data before it; the first always fits).
 */
export const LOG_PAGE = `
  select position, id, device_id, seq, stream_id, stream_version, type, data, actor, occurred_at, received_at,
         chain_hash
    from (select e.*, sum(octet_length(e.data::text)) over (order by e.position) - octet_length(e.data::text) as before
            from sync_events e
           where e.tenant_id = $1 and e.position > $2
           order by e.position
           limit $3) page
   where page.before < $4`;

export function pulledEvent(row: EventRow): PulledEvent {
  return {
    position: Number(row.position),
    id: row.id,
    deviceId: row.device_id,
    seq: row.seq,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    data: row.data,
    actor: row.actor,
    occurredAt: toIso(row.occurred_at),
    receivedAt: toIso(row.received_at),
    chainHash: row.chain_hash,
  };
}

export type { EventRow };
