import { z } from 'zod';

/** Any JSON value (no undefined, NaN or Infinity): what the store keeps and what the audit chain hashes. */
export const JsonValue = z.json();
export type JsonValue = z.infer<typeof JsonValue>;

export const JsonObject = z.record(z.string(), JsonValue);
export type JsonObject = z.infer<typeof JsonObject>;

/** A time-ordered id (UUIDv7, lowercase), so ids minted later sort later. */
export const EventId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'must be a lowercase UUIDv7');
export type EventId = z.infer<typeof EventId>;

/** An instant in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
export const Instant = z.iso.datetime({ precision: 3 });
export type Instant = z.infer<typeof Instant>;

export const TenantId = z.string().min(1).max(100);

/**
 * `<category>` or `<category>-<id>` (the message-db convention): `audit`, `decision-<uuid>`. The category
 * names what the stream is about; the id tells one instance from another.
 */
export const StreamId = z
  .string()
  .max(200)
  .regex(/^[a-z][a-z0-9.]*(-[A-Za-z0-9._:-]+)?$/, 'must be <category> or <category>-<id>');
export type StreamId = z.infer<typeof StreamId>;

/** Dotted lower camel case, past tense: `decision.proposed`, `audit.recorded`. */
export const EventType = z
  .string()
  .max(100)
  .regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/, 'must be dotted lowerCamelCase, e.g. decision.proposed');

/** Who did something. `ai` marks everything the AI originated: only approved Decisions let it act. */
export const Actor = z
  .object({
    kind: z.enum(['user', 'ai', 'system']),
    id: z.string().min(1).max(200),
  })
  .strict();
export type Actor = z.infer<typeof Actor>;

/** The person at this computer: whoever holds the app's window or the web host's launch token. */
export const LOCAL_OWNER: Actor = { kind: 'user', id: 'owner' };

export const EventMeta = z
  .object({
    actor: Actor,
    /** The install that wrote the event; sync dedupes on it later. */
    deviceId: z.string().min(1).max(100),
    /** The event that caused this one. */
    causationId: EventId.optional(),
    /** Shared by every event of one user request or one AI run. */
    correlationId: z.string().min(1).max(100).optional(),
    /**
     * The governance server's version of the stream this change was made on, for streams where two
     * devices' changes must not silently overwrite each other (the constitution, a Blueprint): sync
     * sends it as the expected version, and the server refuses it with CONFLICT if another came first.
     */
    basedOn: z.number().int().nonnegative().optional(),
  })
  .strict();
export type EventMeta = z.infer<typeof EventMeta>;

/** What a writer hands to the store. The store fills in the id, the time and the device when they are absent. */
export const NewEvent = z
  .object({
    type: EventType,
    data: JsonObject,
    meta: EventMeta.partial({ deviceId: true }),
    id: EventId.optional(),
    occurredAt: Instant.optional(),
  })
  .strict();
export type NewEvent = z.input<typeof NewEvent>;

/** The envelope of a stored event. */
export const StoredEvent = z.object({
  id: EventId,
  tenantId: TenantId,
  streamId: StreamId,
  /** 1 for the first event of a stream, then +1 per event. */
  streamVersion: z.number().int().positive(),
  /** Order across all streams, assigned at commit: later commits always have higher positions. Gaps are allowed. */
  globalPosition: z.number().int().positive(),
  type: EventType,
  data: JsonObject,
  meta: EventMeta,
  occurredAt: Instant,
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/**
 * The stream version a writer saw before appending: 0 means "the stream must not exist yet". When it
 * differs from the stream's version at commit time, the append fails with `CONFLICT`.
 */
export const ExpectedVersion = z.number().int().nonnegative();

/** The `details` of a `CONFLICT` from an append. */
export const StreamConflict = z.object({
  streamId: StreamId,
  expectedVersion: ExpectedVersion,
  currentVersion: z.number().int().nonnegative(),
});
export type StreamConflict = z.infer<typeof StreamConflict>;
