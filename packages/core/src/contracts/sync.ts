import { z } from 'zod';
import { Actor, EventId, EventType, ExpectedVersion, Instant, JsonObject, StreamId } from './events.js';
import { AuditEntry, SegmentBreak } from './governance.js';

/**
 * The sync protocol between a device (the desktop's core) and the governance server, Replicache-style:
 * the device appends locally and numbers what it has to send (`seq`, per device, from 1, no gaps); a
 * push is idempotent (the server keeps each device's `(deviceId, seq)` once); a pull returns the
 * tenant's log after a cursor (the server's position, per tenant). The server is the authority: it
 * re-checks every pushed event (who, role now, state now) and may refuse one, with a reason the device
 * shows. Device clocks never order anything; `occurredAt` is what the device says, `receivedAt` is the
 * server's time. docs/SYNC.md is the card.
 */

/** A limit on every list that crosses the wire, set before parsing (the server checks body size first). */
export const SYNC_MAX_PUSH_EVENTS = 500;
export const SYNC_MAX_PULL_EVENTS = 1000;
/** The largest pushed body the server reads, in bytes. */
export const SYNC_MAX_PUSH_BYTES = 4 * 1024 * 1024;

export const DeviceId = z.uuid();
export type DeviceId = z.infer<typeof DeviceId>;

/** A device's own count of what it pushed: 1 for its first event, then +1, never reused. */
export const DeviceSeq = z.number().int().positive();

/** The server's position in a tenant's log: 0 before the first event. */
export const SyncCursor = z.number().int().nonnegative();
export type SyncCursor = z.infer<typeof SyncCursor>;

/** A SHA-256 in lowercase hex. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** One event a device pushes. */
export const PushedEvent = z
  .object({
    seq: DeviceSeq,
    /** The event's id on the device (UUIDv7): the same event on every replica. */
    id: EventId,
    streamId: StreamId,
    /**
     * The stream version the device built on (Blueprint and constitution streams): when the server's
     * stream moved on since, the event is refused as a `CONFLICT` the user resolves. Absent: append.
     */
    expectedVersion: ExpectedVersion.optional(),
    type: EventType,
    data: JsonObject,
    /** Who did it, as the device knew it (its signed-in user; the AI). The server checks it. */
    actor: Actor,
    /** The device's clock when it happened: shown, never used to order. */
    occurredAt: Instant,
    /** For an audit entry: the device's chain hash after it, the evidence the tenant chain keeps. */
    chainHash: Sha256Hex.optional(),
  })
  .strict();
export type PushedEvent = z.infer<typeof PushedEvent>;

export const PushRequest = z
  .object({
    /** Must be the device the credential names. */
    deviceId: DeviceId,
    events: z.array(PushedEvent).min(1).max(SYNC_MAX_PUSH_EVENTS),
  })
  .strict();
export type PushRequest = z.infer<typeof PushRequest>;

/** Why the server did not take a pushed event; the device keeps it, marked, and tells its user. */
export const PushRefusalCode = z.enum([
  /** The stream moved on since `expectedVersion` (a Blueprint patched on two devices). */
  'CONFLICT',
  /** The actor may not do this now (a member approving, a non-owner changing the constitution). */
  'FORBIDDEN',
  /** The decision it approves is already decided, expired or unknown. */
  'STALE',
  /** The event is well-formed but means nothing valid (an approval by the proposer under an AI proposal…). */
  'INVALID',
]);

export const PushOutcome = z.discriminatedUnion('status', [
  /** Taken now, at this position of the tenant's log. */
  z.object({ seq: DeviceSeq, status: z.literal('accepted'), position: SyncCursor }),
  /** Taken before (same seq, same content): a replayed or duplicated delivery. */
  z.object({ seq: DeviceSeq, status: z.literal('duplicate'), position: SyncCursor.nullable() }),
  /** Not taken, for good: the seq is spent, the reason goes back to the device's user. */
  z.object({
    seq: DeviceSeq,
    status: z.literal('refused'),
    code: PushRefusalCode,
    message: z.string(),
    /** For CONFLICT: the stream's version now. */
    currentVersion: z.number().int().nonnegative().optional(),
  }),
]);
export type PushOutcome = z.infer<typeof PushOutcome>;

export const PushResponse = z.object({
  outcomes: z.array(PushOutcome),
  /** The highest seq of this device the server holds (accepted, duplicate or refused): the next push starts after it. */
  lastSeq: z.number().int().nonnegative(),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** One event of the tenant's log as a pull returns it. */
export const PulledEvent = z.object({
  position: SyncCursor,
  id: EventId,
  deviceId: DeviceId.nullable(),
  /** Null for what the server wrote itself (an HTTP approval, an expiry). */
  seq: DeviceSeq.nullable(),
  streamId: StreamId,
  streamVersion: z.number().int().positive(),
  type: EventType,
  data: JsonObject,
  actor: Actor,
  occurredAt: Instant,
  /** The server's clock when it took the event: expiry runs from here. */
  receivedAt: Instant,
  chainHash: Sha256Hex.nullable(),
});
export type PulledEvent = z.infer<typeof PulledEvent>;

export const PullRequest = z
  .object({
    after: SyncCursor,
    limit: z.number().int().min(1).max(SYNC_MAX_PULL_EVENTS).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequest>;

export const PullResponse = z.object({
  events: z.array(PulledEvent),
  /** Where the next pull starts (the last event's position, or `after` when there were none). */
  cursor: SyncCursor,
  /** More events wait after `cursor`: pull again at once. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** What the server sends on a device's poke socket: something landed after `position`; pull. */
export const PokeMessage = z.object({ type: z.literal('poke'), position: SyncCursor });
export type PokeMessage = z.infer<typeof PokeMessage>;

/** Registering a device, with a signed-in user's session. */
export const RegisterDeviceRequest = z.object({ name: z.string().trim().min(1).max(80) }).strict();

/** The device's credential is in this answer only; the server keeps its hash. */
export const RegisteredDevice = z.object({
  deviceId: DeviceId,
  /** `wnd_<deviceId>_<secret>`: sent as `Authorization: Bearer …` on every sync call. */
  credential: z.string().min(40).max(200),
  userId: z.uuid(),
  tenantId: z.uuid(),
  role: z.enum(['sovereign', 'owner', 'member']),
});
export type RegisteredDevice = z.infer<typeof RegisteredDevice>;

export const DeviceRecord = z.object({
  deviceId: DeviceId,
  name: z.string(),
  userId: z.uuid(),
  /** Whose device it is, as the Sync view names them. */
  userEmail: z.string(),
  registeredAt: Instant,
  lastSeenAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
  /** The highest seq the server holds from it. */
  lastSeq: z.number().int().nonnegative(),
});
export type DeviceRecord = z.infer<typeof DeviceRecord>;

/** `GET /devices` (with a login session) and `GET /sync/devices` (by a device): what its user may see. */
export const DeviceList = z.object({ devices: z.array(DeviceRecord) }).strict();
export type DeviceList = z.infer<typeof DeviceList>;

/** The stream of a device's audit chain, and the type of its entries (core's `AuditLog`). */
export const AUDIT_STREAM = 'audit';
export const AUDIT_RECORDED = 'audit.recorded';

/**
 * The action of the tenant's audit entry that records one audit entry a device pushed: the device's own
 * action and subject are in its data, so counting the tenant's `decision.approved` entries never counts a
 * device's record of the same step.
 */
export const DEVICE_AUDIT_ACTION = 'device.audit';

/**
 * The data of a `device.audit` entry: which entry of which registration, its chain hash (the evidence),
 * and, when it did not continue that registration's segment, why (`segmentBreak` in core's audit-chain).
 */
export const DeviceAuditEvidence = z.object({
  deviceId: DeviceId,
  eventId: EventId,
  seq: z.number().int().positive(),
  chainHash: Sha256Hex,
  action: z.string(),
  subject: z.string(),
  break: SegmentBreak.optional(),
});
export type DeviceAuditEvidence = z.infer<typeof DeviceAuditEvidence>;

export const SYNC_MAX_AUDIT_ENTRIES = 1000;

/** `GET /sync/audit?after=<seq>&limit=`: the tenant's audit chain after a seq, and where it stood then. */
export const TenantAuditPage = z.object({
  entries: z.array(AuditEntry),
  /** More entries wait after the last one here. */
  more: z.boolean(),
  /** The chain's length and head hash as the tenant records them, read with the page. */
  count: z.number().int().nonnegative(),
  headHash: Sha256Hex,
});
export type TenantAuditPage = z.infer<typeof TenantAuditPage>;
