import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Actor, JsonObject } from '../contracts/events.js';

/**
 * What this device has numbered for the server: one row per local event, in the order it was written
 * (`seq` counts from 1 with no gaps, the protocol's per-device sequence). A row without a `status` is
 * waiting; the server's answer fills it in. Numbering happens before the push, so a push cut off by a
 * crash resends the same numbers and the server's dedupe makes it harmless.
 */
export const syncOutbox = pgTable(
  'sync_outbox',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id').notNull().unique('sync_outbox_event_unique'),
    status: text('status', { enum: ['accepted', 'duplicate', 'refused'] }),
    /** The event's position in the tenant's log, once the server took it. */
    position: bigint('position', { mode: 'number' }),
    /** The server's reason, for a refused event: `{code, message, currentVersion?}`. */
    refusal: jsonb('refusal').$type<JsonObject>(),
    answeredAt: timestamp('answered_at', { withTimezone: true, precision: 3 }),
  },
  (table) => [
    index('sync_outbox_waiting_idx').on(table.seq).where(sql`${table.status} is null`),
    check('sync_outbox_seq_check', sql`${table.seq} > 0`),
    check('sync_outbox_status_check', sql`${table.status} in ('accepted', 'duplicate', 'refused')`),
  ],
);

/**
 * The tenant's log as this device has pulled it, in the server's order. `cursor` in `sync_state` is
 * the highest position here; both move in one transaction, so a device killed mid-pull pulls the same
 * events again and keeps each once.
 */
export const syncLog = pgTable('sync_log', {
  position: bigint('position', { mode: 'number' }).primaryKey(),
  eventId: uuid('event_id').notNull().unique('sync_log_event_unique'),
  deviceId: uuid('device_id'),
  seq: bigint('seq', { mode: 'number' }),
  streamId: text('stream_id').notNull(),
  streamVersion: bigint('stream_version', { mode: 'number' }).notNull(),
  type: text('type').notNull(),
  data: jsonb('data').$type<JsonObject>().notNull(),
  actor: jsonb('actor').$type<Actor>().notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3, mode: 'string' }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true, precision: 3, mode: 'string' }).notNull(),
  chainHash: text('chain_hash'),
});

/** One row while signed in: whose log this is, where the pull has reached, what is numbered for push. */
export const syncState = pgTable(
  'sync_state',
  {
    slot: smallint('slot').primaryKey().default(1),
    tenantId: uuid('tenant_id').notNull(),
    cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
    /** The local global position up to which this device's events are numbered in `sync_outbox`. */
    numberedThrough: bigint('numbered_through', { mode: 'number' }).notNull().default(0),
    pulledAt: timestamp('pulled_at', { withTimezone: true, precision: 3 }),
    pushedAt: timestamp('pushed_at', { withTimezone: true, precision: 3 }),
  },
  (table) => [check('sync_state_single_row', sql`${table.slot} = 1`)],
);

export const syncSchema = { syncOutbox, syncLog, syncState };
