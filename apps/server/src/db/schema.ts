import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** The server's tables. Every one of them is a tenant table under row-level security (drizzle/0001_row-level-security.sql). */

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  /**
   * The audit chain's length and newest hash, kept beside it: they anchor verification (a cut-off tail or
   * a rehashed newest entry shows), and locking this row serialises the tenant's appends.
   */
  auditCount: integer('audit_count').notNull().default(0),
  auditHead: text('audit_head').notNull().default('0'.repeat(64)),
  /**
   * The position of the tenant's newest sync event (0: none yet). Each append raises it by one while
   * holding this row, so positions are gapless and handed out in commit order (src/sync/log.ts).
   */
  logPosition: bigint('log_position', { mode: 'number' }).notNull().default(0),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null only for ROOT_OWNER, who belongs to the installation rather than to a tenant. */
    tenantId: uuid('tenant_id').references(() => tenants.id),
    email: text('email').notNull().unique(),
    /** Null while the invitation is not accepted. */
    passwordHash: text('password_hash'),
    invitationHash: text('invitation_hash').unique(),
    role: text('role', { enum: ['ROOT_OWNER', 'sovereign', 'owner', 'member'] }).notNull(),
    status: text('status', { enum: ['ACTIVE', 'SUSPENDED', 'BANNED'] })
      .notNull()
      .default('ACTIVE'),
    /** Permissions granted on top of the role's own (src/auth/permissions.ts). */
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    /**
     * The TOTP secret (RFC 6238), set up before it is enabled: sealed with the server key
     * (`v1:…`, src/auth/secret-box.ts), or plain base32 if stored before encryption came in.
     */
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** The last 30-second step a code was accepted for: a code is good once. */
    totpLastStep: integer('totp_last_step'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    check('users_role_check', sql`${table.role} in ('ROOT_OWNER', 'sovereign', 'owner', 'member')`),
    check('users_status_check', sql`${table.status} in ('ACTIVE', 'SUSPENDED', 'BANNED')`),
    check('users_tenant_check', sql`(${table.role} = 'ROOT_OWNER') = (${table.tenantId} is null)`),
    check('users_email_check', sql`${table.email} = lower(${table.email})`),
    index('users_tenant_idx').on(table.tenantId),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 (hex) of the opaque token: the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tenantId: uuid('tenant_id').references(() => tenants.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/** One hash chain per tenant, hashed as the desktop hashes it (`@webnova/core` governance/audit-chain). */
export const auditEntries = pgTable(
  'audit_entries',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    seq: integer('seq').notNull(),
    occurredAt: text('occurred_at').notNull(),
    actor: jsonb('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    data: jsonb('data').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.seq] })],
);

export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind').notNull(),
    actor: jsonb('actor').notNull(),
    rationale: text('rationale').notNull(),
    payload: jsonb('payload').notNull(),
    risk: text('risk').notNull(),
    status: text('status').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true, mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }),
    version: integer('version').notNull().default(1),
    /** How many distinct approvers it takes. */
    quorum: integer('quorum').notNull().default(1),
    /**
     * The user who proposed it (null: not proposed through this server). A person who could approve
     * when they proposed may approve their own proposal; nobody else who proposed may.
     */
    proposedBy: uuid('proposed_by').references(() => users.id),
    /**
     * Who could approve when it was proposed (active users with decisions.approve): only they may
     * review it, and only while they still can. Null for decisions proposed before the snapshot was kept.
     */
    approvers: uuid('approvers').array(),
    /** The verdict that closed it: `Decision.review`. */
    review: jsonb('review'),
  },
  (table) => [
    index('decisions_tenant_status_idx').on(table.tenantId, table.status),
    index('decisions_due_idx')
      .on(table.expiresAt)
      .where(sql`${table.status} in ('pending', 'escalated') and ${table.expiresAt} is not null`),
    check('decisions_quorum_check', sql`${table.quorum} between 1 and 20`),
  ],
);

/** Each approver's verdict on a decision: one per person, so a quorum counts distinct approvers. */
export const decisionReviews = pgTable(
  'decision_reviews',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    verdict: text('verdict', { enum: ['approved', 'rejected'] }).notNull(),
    comment: text('comment').notNull().default(''),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.decisionId, table.userId] }),
    check('decision_reviews_verdict_check', sql`${table.verdict} in ('approved', 'rejected')`),
  ],
);

/**
 * Messages the server owes someone (today: invitations, whose one-time token only the invitee may see),
 * written in the transaction that makes them and delivered after it commits (SMTP, or the server's log).
 * A row is deleted once delivered, and with it the token; until then it is retried.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind', { enum: ['invitation'] }).notNull(),
    recipient: text('recipient').notNull(),
    data: jsonb('data').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    index('outbox_due_idx').on(table.nextAttemptAt),
    check('outbox_kind_check', sql`${table.kind} in ('invitation')`),
  ],
);

/**
 * A user's registered device: it syncs with its own credential (`wnd_<id>_<secret>`), of which only the
 * SHA-256 is kept. Revoked devices stay, so their events keep naming them.
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    credentialHash: text('credential_hash').notNull().unique(),
    registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'string' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
    /** The highest seq the server holds from this device (accepted, duplicate or refused). */
    lastSeq: integer('last_seq').notNull().default(0),
    /**
     * The head of the audit segment this registration pushed (its newest audit entry's seq and hash; null
     * before the first): the next entry it pushes must follow it (sync/audit-evidence.ts).
     */
    auditSeq: integer('audit_seq'),
    auditHead: text('audit_head'),
  },
  (table) => [index('devices_tenant_user_idx').on(table.tenantId, table.userId)],
);

/**
 * The tenant's log: what devices pushed and the server took, and what the server wrote itself (HTTP
 * decisions, expiries; `device_id` and `seq` null). `position` is gapless per tenant.
 */
export const syncEvents = pgTable(
  'sync_events',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    position: bigint('position', { mode: 'number' }).notNull(),
    id: uuid('id').notNull(),
    deviceId: uuid('device_id').references(() => devices.id),
    seq: integer('seq'),
    streamId: text('stream_id').notNull(),
    streamVersion: integer('stream_version').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    actor: jsonb('actor').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /** SHA-256 of the event's canonical JSON as pushed, less its seq: what tells a duplicate from a reuse. */
    contentHash: text('content_hash').notNull(),
    chainHash: text('chain_hash'),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.position] }),
    uniqueIndex('sync_events_tenant_id_idx').on(table.tenantId, table.id),
    uniqueIndex('sync_events_stream_idx').on(table.tenantId, table.streamId, table.streamVersion),
    // Finds the audit entry a new registration's first entry links to (sync/audit-evidence.ts).
    index('sync_events_chain_hash_idx').on(table.tenantId, table.chainHash).where(sql`${table.chainHash} is not null`),
  ],
);

/**
 * Every seq a device pushed and what the server answered for it: accepted (at a position), duplicate
 * of an event the log holds, or refused (spent, with the reason). A seq is answered once.
 */
export const syncReceipts = pgTable(
  'sync_receipts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    seq: integer('seq').notNull(),
    eventId: uuid('event_id').notNull(),
    contentHash: text('content_hash').notNull(),
    status: text('status', { enum: ['accepted', 'duplicate', 'refused'] }).notNull(),
    position: bigint('position', { mode: 'number' }),
    code: text('code'),
    message: text('message'),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.deviceId, table.seq] }),
    check('sync_receipts_status_check', sql`${table.status} in ('accepted', 'duplicate', 'refused')`),
  ],
);

/**
 * A project whose code the server hosts as a bare git repository (src/git/). The id is the desktop's own
 * project key, unique within the tenant; the repository is named by the ids (`<tenant>/<id>.git` under
 * the git root), never by the slug. Pushes to `protected_branches` take an owner or a sovereign.
 */
export const projects = pgTable(
  'projects',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    protectedBranches: text('protected_branches').array().notNull().default(sql`'{main}'::text[]`),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.id] }),
    uniqueIndex('projects_tenant_slug_idx').on(table.tenantId, table.slug),
    check('projects_slug_check', sql`${table.slug} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
  ],
);

/**
 * A personal access token (`wnpat_<id>_<secret>`) for the git CLI: only its SHA-256 is kept. `read`
 * fetches and clones; `read-write` also pushes. Revoked tokens stay, for the record.
 */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    scope: text('scope', { enum: ['read', 'read-write'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
  },
  (table) => [
    index('access_tokens_tenant_user_idx').on(table.tenantId, table.userId),
    check('access_tokens_scope_check', sql`${table.scope} in ('read', 'read-write')`),
  ],
);
