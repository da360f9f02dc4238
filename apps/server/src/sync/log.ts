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

/** The version a stream of the tenant's log has reached (0: no event yet). */
export async function streamVersion(tx: Queryable, tenantId: string, streamId: string): Promise<number> {
  const [row] = await tx.query<{ version: number }>(
    'select coalesce(max(stream_version), 0)::int as version from sync_events where tenant_id = $1 and stream_id = $2',
    [tenantId, streamId],
  );
  return row?.version ?? 0;
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

/**
 * Appends one event at the next position of the tenant's log and the next version of its stream, inside
 * the caller's transaction, and has every replica told once it commits (`pg_notify` is delivered at
 * commit, and not at all on rollback; several in one transaction with the same payload go as one).
 */
export async function appendToLog(
  tx: Queryable,
  tenantId: string,
  event: LogEvent,
): Promise<{ position: number; streamVersion: number; id: string }> {
  // Held already by a push and by the audit chain's append; taken here otherwise. Held, this statement's
  // snapshot (a new one per statement) sees every earlier append of the tenant, stream versions included.
  await lockLog(tx, tenantId);
  const id = event.id ?? uuidv7();
  // One round trip: the next position, the stream's next version, the row, and the notification.
  const [row] = await tx.query<{ position: string | number; stream_version: number }>(
    `with next as (update tenants set log_position = log_position + 1 where id = $1 returning log_position),
          version as (select coalesce(max(stream_version), 0) + 1 as v
                        from sync_events where tenant_id = $1 and stream_id = $5),
          told as (select pg_notify($12, $13))
     insert into sync_events (tenant_id, position, id, device_id, seq, stream_id, stream_version, type, data, actor,
                              occurred_at, received_at, content_hash, chain_hash)
     select $1, next.log_position, $2, $3, $4, $5, version.v, $6, $7, $8, $9, clock_timestamp(), $10, $11
       from next, version, told
     returning position, stream_version`,
    [
      tenantId,
      id,
      event.device?.deviceId ?? null,
      event.device?.seq ?? null,
      event.streamId,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.actor),
      event.occurredAt ?? new Date().toISOString(),
      event.contentHash ?? contentHash({ id, streamId: event.streamId, type: event.type, data: event.data }),
      event.chainHash ?? null,
      SYNC_CHANNEL,
      JSON.stringify({ tenantId }),
    ],
  );
  if (!row) throw tenantNotFound();
  return { position: Number(row.position), streamVersion: row.stream_version, id };
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
