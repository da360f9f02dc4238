import { z } from 'zod';
import { featureContract, method } from '../contracts/api/method.js';
import { Instant } from '../contracts/events.js';
import { Sha256Hex } from '../contracts/governance.js';
import { SystemMessage } from '../contracts/messages/system-message.js';
import { DeviceId, DeviceList } from '../contracts/sync.js';
import { ProposalOutcome } from '../governance/contract.js';

/**
 * Where this device's sync stands, as the status bar shows it: `signed-out` (never configured, or the
 * user signed out), `syncing`, `synced`, `offline` (the server cannot be reached; `waiting` events
 * wait), `conflict` (the server refused something the user must look at), `stopped` (the server no
 * longer accepts this device: revoked, or the account was suspended; sign in again).
 */
export const SyncState = z.enum(['signed-out', 'syncing', 'synced', 'offline', 'conflict', 'stopped']);
export type SyncState = z.infer<typeof SyncState>;

/** Who this device syncs as, and with which server (never its credential, which stays sealed in core). */
export const SyncAccount = z.object({
  server: z.url(),
  email: z.string(),
  userId: z.uuid(),
  tenantId: z.uuid(),
  role: z.enum(['sovereign', 'owner', 'member']),
  deviceId: DeviceId,
  deviceName: z.string(),
  signedInAt: Instant,
});
export type SyncAccount = z.infer<typeof SyncAccount>;

export const SyncStatus = z.object({
  state: SyncState,
  account: SyncAccount.nullable(),
  /** This device's events the server has not taken yet. */
  waiting: z.number().int().nonnegative(),
  /** This device's events the server refused (listed in the Sync view with their reasons). */
  refused: z.number().int().nonnegative(),
  /** Where this device's copy of the tenant's log stands. */
  cursor: z.number().int().nonnegative(),
  lastPushAt: Instant.nullable(),
  lastPullAt: Instant.nullable(),
  /** Why the state is `offline` or `stopped`, in English (logs, the CLI)… */
  problem: z.string().nullable(),
  /** …and as a message, for the window's language. */
  problemMessage: SystemMessage.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

const SignIn = z
  .object({
    server: z.string().trim().min(1).max(2000),
    email: z.email().max(320),
    password: z.string().min(1).max(1024),
    totp: z
      .string()
      .regex(/^\d{6}$/, 'six digits')
      .optional(),
    deviceName: z.string().trim().min(1).max(80),
  })
  .strict();

/**
 * The first thing that does not check out, and where: `tenant` (the tenant's chain itself; `tenantSeq`),
 * `evidence` (a `device.audit` entry and the device entry it records), `segment` (a device's entries in
 * the tenant's log do not continue one another; `deviceId`, `entry`), `local` (this device's own chain,
 * or the tenant's record of it).
 */
export const TenantAuditProblem = z.object({
  part: z.enum(['tenant', 'evidence', 'segment', 'local']),
  tenantSeq: z.number().int().nullable(),
  deviceId: z.string().nullable(),
  entry: z.number().int().nullable(),
  reason: z.string(),
  reasonMessage: SystemMessage,
});
export type TenantAuditProblem = z.infer<typeof TenantAuditProblem>;

export const TenantAuditReport = z.object({
  ok: z.boolean(),
  /** The tenant's chain: its entries, and its head when it verifies. */
  tenant: z.object({ count: z.number().int().nonnegative(), headHash: Sha256Hex.nullable() }),
  /** Its `device.audit` entries, and the device registrations they come from. */
  evidence: z.number().int().nonnegative(),
  devices: z.number().int().nonnegative(),
  /** This device's own chain, and how many of its entries the tenant's chain holds. */
  local: z.object({ count: z.number().int().nonnegative(), held: z.number().int().nonnegative() }),
  problem: TenantAuditProblem.nullable(),
});
export type TenantAuditReport = z.infer<typeof TenantAuditReport>;

/**
 * A change this device made to a project's Blueprint that the server refused (another device changed
 * that version first): its file keeps the change until the user rebases it (`sync.rebaseBlueprint`) or
 * takes the other device's; `rebasedAs` is the decision that proposes it again, while that one stands.
 */
export const BlueprintConflict = z.object({
  /** The refused `blueprint.changed` event. */
  id: z.uuid(),
  streamId: z.string(),
  path: z.string(),
  /** The project folder on this computer, when the decision that made the change is known here. */
  project: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  occurredAt: Instant,
  /** The server's version the change was made on, and its newest as this device knows it. */
  basedOn: z.number().int().nonnegative(),
  theirsVersion: z.number().int().nonnegative().nullable(),
  /** What this device's change does, in core's words. */
  change: SystemMessage,
  rebasedAs: z.string().nullable(),
});
export type BlueprintConflict = z.infer<typeof BlueprintConflict>;

/** A conflict's three Blueprints as text, for a three-way view (null: not known on this device). */
export const BlueprintComparison = z.object({
  path: z.string(),
  base: z.string().nullable(),
  theirs: z.string().nullable(),
  mine: z.string().nullable(),
});
export type BlueprintComparison = z.infer<typeof BlueprintComparison>;

const conflictId = z.object({ id: z.uuid() }).strict();

const SyncRefusal = z.object({ seq: z.number().int(), eventId: z.string(), code: z.string(), message: z.string() });

/** The sync part of the API table: sign in and out, the state, a round now, what the server refused. */
export const syncMethods = {
  'sync.status': method(z.object({}).strict(), SyncStatus, 'Where this device’s sync stands.'),
  'sync.signIn': method(
    SignIn,
    SyncStatus,
    'Sign in to a governance server and register this device; its credential stays in core, sealed.',
    { timeoutMs: 120_000 },
  ),
  'sync.signOut': method(
    z.object({}).strict(),
    SyncStatus,
    'Stop syncing and forget the credential; local records stay.',
  ),
  'sync.now': method(
    z.object({ only: z.enum(['push', 'pull']).optional() }).strict(),
    SyncStatus,
    'Push what waits and pull what is new, now (or only one of the two).',
    { timeoutMs: 300_000 },
  ),
  'sync.devices': method(
    z.object({}).strict(),
    DeviceList,
    'The devices this user may see on the server (an owner: every device of the tenant), oldest first.',
  ),
  'sync.verifyTenantAudit': method(
    z.object({}).strict(),
    TenantAuditReport,
    'Sync, read the tenant’s audit chain, and verify it, each device’s entries in it, and this device’s own chain.',
    { timeoutMs: 300_000 },
  ),
  'sync.refusals': method(
    z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    z.object({ refusals: z.array(SyncRefusal) }),
    'What the server refused of this device’s events, newest first, with its reasons.',
  ),
  'sync.blueprintConflicts': method(
    z.object({}).strict(),
    z.object({ conflicts: z.array(BlueprintConflict) }),
    'This device’s Blueprint changes the server refused, newest first.',
  ),
  'sync.compareBlueprint': method(
    conflictId,
    BlueprintComparison,
    'A Blueprint conflict’s base, the server’s newest (theirs) and this device’s change (mine).',
  ),
  'sync.rebaseBlueprint': method(
    conflictId,
    ProposalOutcome,
    'Make a refused Blueprint change again on the newest version, validated, and propose it as a decision.',
  ),
} as const;

export const syncEvents = {
  'sync.changed': SyncStatus,
} as const;

/** The sync feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const syncContract = featureContract('sync', syncMethods, syncEvents);
