import { sql } from 'drizzle-orm';
import { bigint, check, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { EventMeta, JsonObject } from '../contracts/events.js';

/**
 * The desktop's event store: one row per stream (its current version, the optimistic-concurrency
 * check) and one row per event (ordered globally by `global_position`). Plain PostgreSQL 15 SQL, so
 * the same migrations run on PGlite (PostgreSQL 18) and on a server.
 */
export const streams = pgTable('streams', {
  streamId: text('stream_id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const events = pgTable(
  'events',
  {
    globalPosition: bigint('global_position', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    id: uuid('id').notNull().unique('events_id_unique'),
    tenantId: text('tenant_id').notNull(),
    streamId: text('stream_id')
      .notNull()
      .references(() => streams.streamId),
    streamVersion: bigint('stream_version', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    data: jsonb('data').$type<JsonObject>().notNull(),
    meta: jsonb('meta').$type<EventMeta>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [uniqueIndex('events_stream_version_unique').on(table.streamId, table.streamVersion)],
);

/** One row: this install's device id, minted on first open, stamped on every event it writes. */
export const device = pgTable(
  'device',
  {
    slot: smallint('slot').primaryKey().default(1),
    deviceId: uuid('device_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [check('device_single_row', sql`${table.slot} = 1`)],
);

export const storeSchema = { streams, events, device };
