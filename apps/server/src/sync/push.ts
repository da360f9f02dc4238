import {
  type Actor,
  type CheckedConstitution,
  Constitution,
  DecisionEventData,
  type DecisionProposal,
  type JsonObject,
  type RiskLevel,
} from '@webnova/core/contracts';
import { PushedEvent, type PushOutcome, type PushResponse } from '@webnova/core/contracts/sync';
import { DEFAULT_CONSTITUTION } from '@webnova/core/default-constitution';
import { judgeProposal } from '@webnova/core/judge';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { appendAudit, SERVER_ACTOR } from '../audit/chain.js';
import type { Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { DECISION_SELECT, type DecisionRow, type DecisionView, decisionView } from '../decisions/decision.js';
import { expireDueDecisions } from '../decisions/expiry.js';
import { approversNow, insertDecision } from '../decisions/propose.js';
import { type ReviewLogging, reviewDecision } from '../decisions/review.js';
import type { DevicePrincipal } from '../devices/credential.js';
import { ServerError } from '../http/problem.js';
import { MEMBER_ROLE_KIND } from '../users/member-role.js';
import { isDeviceAuditEntry, joinTenantChain } from './audit-evidence.js';
import { appendToLog, contentHash, lockLog, streamVersion } from './log.js';

type RefusalCode = Extract<PushOutcome, { status: 'refused' }>['code'];

/** Why one pushed event is not taken: its seq is spent, and the device shows the reason. */
class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly currentVersion?: number,
  ) {
    super(message);
  }
}

/** A refusal from the decision code, in the protocol's words. */
function refusalOf(error: ServerError, currentVersion: number): Refusal {
  switch (error.code) {
    case 'PERMISSION_DENIED':
      return new Refusal('FORBIDDEN', error.message);
    case 'CONFLICT': {
      // A pushed approval the server does not count as completing the quorum: the device's view was stale.
      const quorum = (error.details as { quorum?: unknown } | undefined)?.quorum;
      return quorum === undefined
        ? new Refusal('STALE', error.message)
        : new Refusal('CONFLICT', error.message, currentVersion);
    }
    case 'NOT_FOUND':
      return new Refusal('STALE', error.message);
    default:
      return new Refusal('INVALID', error.message);
  }
}

/** What a push did that others hear of after it commits (the decision notifications). */
export interface Published {
  type: string;
  decision: DecisionView;
}

interface PushContext {
  tx: Queryable;
  device: DevicePrincipal;
  published: Published[];
}

const CONSTITUTION_STREAM = 'constitution';
const CONSTITUTION_CHANGED = 'constitution.changed';
const DECISION_STREAM = /^decision-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const OWNER_ROLES: readonly string[] = ['sovereign', 'owner'];
const REVIEWS = {
  'decision.endorsed': 'approved',
  'decision.approved': 'approved',
  'decision.rejected': 'rejected',
} as const;
/** Steps of a decision's run, recorded by the device that runs it: the state each needs, and the next. */
const RUN_STEPS: Record<string, { from: string; to: string }> = {
  'decision.executing': { from: 'approved', to: 'executing' },
  'decision.executed': { from: 'executing', to: 'executed' },
  'decision.failed': { from: 'executing', to: 'failed' },
  'decision.escalated': { from: 'pending', to: 'escalated' },
};

function parsed<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Refusal(
      'INVALID',
      `${what} is not valid: ${issue?.path.join('.') || 'it'} ${issue?.message ?? ''}`.trim(),
    );
  }
  return result.data;
}

/** A `tenantId` in the event or its data that is not the device's tenant. */
function namesAnotherTenant(raw: Record<string, unknown>, tenantId: string): boolean {
  const data = raw.data;
  const inData = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).tenantId : undefined;
  return [raw.tenantId, inData].some((named) => named !== undefined && named !== tenantId);
}

/** The checks every event meets, whatever its stream: whose it is, and the version it built on. */
async function checkEvent(context: PushContext, event: PushedEvent): Promise<number> {
  const { device } = context;
  if (event.actor.kind === 'user' && event.actor.id !== device.userId) {
    throw new Refusal('FORBIDDEN', 'A device pushes only its own user’s actions.');
  }
  // Read only where it decides something: an expected version, a decision's steps.
  const versioned = event.expectedVersion !== undefined || DECISION_STREAM.test(event.streamId);
  const current = versioned ? await streamVersion(context.tx, device.tenantId, event.streamId) : 0;
  if (event.expectedVersion !== undefined && event.expectedVersion !== current) {
    throw new Refusal(
      'CONFLICT',
      `${event.streamId} is at version ${current}, not ${event.expectedVersion}: another change came first.`,
      current,
    );
  }
  if (event.streamId === CONSTITUTION_STREAM || event.type.startsWith('constitution.')) {
    if (event.actor.kind !== 'user' || !OWNER_ROLES.includes(device.role)) {
      throw new Refusal('FORBIDDEN', 'Only the tenant’s owners change the constitution.');
    }
    // The server judges what devices' constitutions allowed by the newest one: it must be one.
    if (event.type === CONSTITUTION_CHANGED) parsed(Constitution, event.data.constitution, 'The constitution');
  }
  return current;
}

/** What a decision step does to the server's decision, the authority (role now, state now, quorum). */
async function applyDecisionStep(
  context: PushContext,
  event: PushedEvent,
  decisionId: string,
  current: number,
): Promise<(() => Promise<void>) | undefined> {
  const { tx, device } = context;
  const tenantId = device.tenantId;
  if (!(event.type in DecisionEventData)) {
    throw new Refusal('INVALID', `${event.type} is not a step of a decision.`);
  }
  const data = parsed(DecisionEventData[event.type as keyof typeof DecisionEventData], event.data, event.type);
  if (event.type === 'decision.proposed') {
    if (current > 0) throw new Refusal('CONFLICT', `Decision ${decisionId} exists already.`, current);
    const proposal = data as z.output<typeof DecisionProposal>;
    if (event.actor.kind === 'system') throw new Refusal('FORBIDDEN', 'A person or the AI proposes, not the system.');
    if (proposal.kind === MEMBER_ROLE_KIND) {
      throw new Refusal('FORBIDDEN', `${MEMBER_ROLE_KIND} decisions come from inviting or changing users.`);
    }
    const decision = await insertDecision(
      tx,
      tenantId,
      device.userId,
      { ...proposal, quorum: proposal.quorum ?? 1 },
      await approversNow(tx, tenantId),
      { id: decisionId, actor: event.actor },
    ).catch((error: unknown) => {
      // Decision ids are unique across tenants: one taken elsewhere says no more than that it is taken.
      if (isUniqueViolation(error)) throw new Refusal('CONFLICT', `Decision id ${decisionId} is taken.`, current);
      throw error;
    });
    context.published.push({ type: 'decision.proposed', decision });
    return undefined;
  }
  if (event.type === 'decision.approved' && event.actor.kind === 'system') {
    const decision = await allowedByConstitution(context, decisionId, (data as { comment: string }).comment);
    context.published.push({ type: 'decision.approved', decision });
    return undefined;
  }
  if (event.type in REVIEWS) {
    if (event.actor.kind !== 'user') {
      throw new Refusal('FORBIDDEN', `Only a person reviews a decision on the server, not the ${event.actor.kind}.`);
    }
    // A user change is approved through the server's routes: refused before any user row is locked.
    const [target] = await tx.query<{ kind: string }>('select kind from decisions where id = $1 and tenant_id = $2', [
      decisionId,
      tenantId,
    ]);
    if (target?.kind === MEMBER_ROLE_KIND) {
      throw new Refusal('FORBIDDEN', `${MEMBER_ROLE_KIND} decisions are reviewed through the server's routes.`);
    }
    const type = event.type as keyof typeof REVIEWS;
    const logging: ReviewLogging = { by: 'pushed', type };
    const { comment } = data as { comment: string };
    const reviewed = await reviewDecision(tx, tenantId, decisionId, device.userId, REVIEWS[type], comment, logging);
    context.published.push({ type: reviewed.type, decision: reviewed.decision });
    return reviewed.closing;
  }
  if (event.type === 'decision.expired') {
    throw new Refusal('STALE', 'Decisions expire by the server’s clock, and the server records it.');
  }
  const step = RUN_STEPS[event.type];
  if (!step) throw new Refusal('INVALID', `${event.type} is not a step a device records.`);
  const [decision] = await tx.query<{ status: string; proposed_by: string | null }>(
    'select status, proposed_by from decisions where id = $1 and tenant_id = $2 for update',
    [decisionId, tenantId],
  );
  if (!decision) throw new Refusal('STALE', 'There is no such decision in this tenant.');
  if (event.type !== 'decision.escalated' && decision.proposed_by !== device.userId) {
    throw new Refusal('FORBIDDEN', 'A decision runs on the device of the user who proposed it.');
  }
  if (decision.status !== step.from) {
    throw new Refusal('STALE', `The decision is ${decision.status}: ${event.type} cannot follow.`);
  }
  await tx.query(
    'update decisions set status = $3, updated_at = now(), version = version + 1 where id = $1 and tenant_id = $2',
    [decisionId, tenantId, step.to],
  );
  await appendAudit(tx, tenantId, {
    actor: event.actor,
    action: event.type,
    subject: `decision:${decisionId}`,
    data: { eventId: event.id, ...event.data },
  });
  return undefined;
}

/** The tenant's constitution now: the newest an owner pushed, else the desktop's default. */
async function constitutionNow(tx: Queryable, tenantId: string): Promise<CheckedConstitution> {
  const [newest] = await tx.query<{ data: JsonObject }>(
    `select data from sync_events where tenant_id = $1 and stream_id = $2 and type = $3
      order by position desc limit 1`,
    [tenantId, CONSTITUTION_STREAM, CONSTITUTION_CHANGED],
  );
  const parsedNewest = Constitution.safeParse(newest?.data.constitution);
  return parsedNewest.success ? parsedNewest.data : Constitution.parse(DEFAULT_CONSTITUTION);
}

/**
 * A device's record that its constitution allowed a proposal outright (the system's approval, right
 * after the proposal): taken only from the proposing user's device, for a decision nobody has reviewed,
 * and only when the tenant's constitution now allows it too, judged on the proposal as the server holds
 * it (its paths and commands as written: the server has no project on disk to resolve them in).
 */
async function allowedByConstitution(context: PushContext, decisionId: string, comment: string): Promise<DecisionView> {
  const { tx, device } = context;
  const tenantId = device.tenantId;
  const [decision] = await tx.query<{
    kind: string;
    payload: JsonObject;
    rationale: string;
    risk: RiskLevel;
    actor: Actor;
    status: string;
    proposed_by: string | null;
    reviews: number;
  }>(
    `select kind, payload, rationale, risk, actor, status, proposed_by,
            (select count(*)::int from decision_reviews r where r.decision_id = d.id) as reviews
       from decisions d where id = $1 and tenant_id = $2 for update`,
    [decisionId, tenantId],
  );
  if (!decision) throw new Refusal('STALE', 'There is no such decision in this tenant.');
  if (decision.proposed_by !== device.userId) {
    throw new Refusal('FORBIDDEN', 'Only the proposing device records what its constitution allowed.');
  }
  if (decision.status !== 'pending' || decision.reviews > 0) {
    throw new Refusal('STALE', `The decision is ${decision.status}${decision.reviews ? ', under review' : ''}.`);
  }
  const constitution = await constitutionNow(tx, tenantId);
  const { verdict } = await judgeProposal(
    {
      kind: decision.kind,
      payload: decision.payload,
      rationale: decision.rationale,
      actor: decision.actor,
      risk: decision.risk,
    },
    constitution,
  );
  if (verdict.effect !== 'allow') {
    throw new Refusal(
      'FORBIDDEN',
      `The tenant's constitution (version ${constitution.version}) does not allow this outright: it ${verdict.effect === 'forbid' ? 'forbids it' : 'needs approval'}.`,
    );
  }
  const at = new Date().toISOString();
  const review = { verdict: 'approved', by: SERVER_ACTOR, comment, at };
  const [{ version } = { version: 0 }] = await tx.query<{ version: number }>(
    `update decisions set status = 'approved', review = $3, updated_at = $4, version = version + 1
      where id = $1 and tenant_id = $2 returning version`,
    [decisionId, tenantId, JSON.stringify(review), at],
  );
  await appendAudit(tx, tenantId, {
    actor: SERVER_ACTOR,
    action: 'decision.approved',
    subject: `decision:${decisionId}`,
    data: { version, comment, constitutionVersion: constitution.version, rules: verdict.matchedRules },
  });
  const [row] = await tx.query<DecisionRow>(`${DECISION_SELECT} and d.id = $2`, [tenantId, decisionId]);
  if (!row) throw new Error('the decision went missing');
  return decisionView(row);
}

/** Checks one new event and applies it; answers what must follow it in the log (a server step), if anything. */
async function applyEvent(context: PushContext, event: PushedEvent): Promise<(() => Promise<void>) | undefined> {
  const current = await checkEvent(context, event);
  const decision = DECISION_STREAM.exec(event.streamId);
  if (decision?.[1]) {
    try {
      return await applyDecisionStep(context, event, decision[1], current);
    } catch (error) {
      if (error instanceof ServerError) throw refusalOf(error, current);
      throw error;
    }
  }
  if (event.type.startsWith('decision.')) {
    throw new Refusal('INVALID', `${event.type} belongs in a decision-<id> stream.`);
  }
  if (isDeviceAuditEntry(event)) {
    const invalid = await joinTenantChain(context.tx, context.device, event);
    if (invalid) throw new Refusal('INVALID', invalid);
  }
  return undefined;
}

interface Receipt {
  event_id: string;
  content_hash: string;
  status: 'accepted' | 'duplicate' | 'refused';
  position: string | number | null;
  code: string | null;
  message: string | null;
}

/** A seq answered before: the same answer again when its content is the same (as it was refused, if it was). */
function repeated(seq: number, receipt: Receipt): PushOutcome {
  if (receipt.status === 'refused') {
    return { seq, status: 'refused', code: (receipt.code ?? 'INVALID') as RefusalCode, message: receipt.message ?? '' };
  }
  return { seq, status: 'duplicate', position: receipt.position === null ? null : Number(receipt.position) };
}

/**
 * One push, in the caller's transaction (one per push: a push cut off takes none of it). The tenant's
 * log is locked first, so pushes of one tenant run one after another and positions follow commits.
 * Seqs must run on from the device's `lastSeq + 1` (else `SEQ_GAP`); a seq held with other content is
 * `SEQ_REUSED` (both answer the whole push, with nothing taken). Each new event is checked and applied
 * inside a savepoint: a refused one leaves nothing behind but its receipt.
 */
export async function push(
  tx: Queryable,
  device: DevicePrincipal,
  raw: ReadonlyArray<Record<string, unknown> & { seq: number }>,
  log: FastifyBaseLogger,
): Promise<{ response: PushResponse; published: Published[]; expired: DecisionView[] }> {
  const tenantId = device.tenantId;
  await lockLog(tx, tenantId);
  const [state] = await tx.query<{ last_seq: number; revoked: boolean }>(
    'select last_seq, revoked_at is not null as revoked from devices where id = $1 for update',
    [device.deviceId],
  );
  if (!state || state.revoked) throw new ServerError('DEVICE_REVOKED', 'This device was revoked.');
  let lastSeq = state.last_seq;
  const first = raw[0]?.seq ?? 1;
  if (first > lastSeq + 1 || raw.some((event, index) => event.seq !== first + index)) {
    throw new ServerError(
      'SEQ_GAP',
      `This device's events must run on from seq ${lastSeq + 1}, one after another: resend from there.`,
      { lastSeq },
    );
  }
  // By the server's clock, before any approval is weighed.
  const expired = await expireDueDecisions(tx, tenantId);
  const context: PushContext = { tx, device, published: [] };
  const outcomes: PushOutcome[] = [];
  for (const event of raw) {
    const hash = contentHash(event);
    if (event.seq <= lastSeq) {
      const [receipt] = await tx.query<Receipt>(
        'select event_id, content_hash, status, position, code, message from sync_receipts where device_id = $1 and seq = $2',
        [device.deviceId, event.seq],
      );
      if (receipt && receipt.content_hash !== hash) {
        log.warn({ deviceId: device.deviceId, seq: event.seq }, 'a device reused a seq with other content');
        throw new ServerError(
          'SEQ_REUSED',
          `Seq ${event.seq} was pushed before with other content: this device's numbering is broken.`,
          { seq: event.seq, lastSeq },
        );
      }
      outcomes.push(receipt ? repeated(event.seq, receipt) : { seq: event.seq, status: 'duplicate', position: null });
      continue;
    }
    outcomes.push(await pushOne(context, event, hash));
    lastSeq = event.seq;
  }
  await tx.query('update devices set last_seq = $2, last_seen_at = now() where id = $1', [device.deviceId, lastSeq]);
  return { response: { outcomes, lastSeq }, published: context.published, expired };
}

/** A new seq: a duplicate of an event the log holds (by id), or checked, applied and appended; or refused. */
async function pushOne(context: PushContext, raw: Record<string, unknown> & { seq: number }, hash: string) {
  const { tx, device } = context;
  const seq = raw.seq;
  const receipt = (outcome: PushOutcome, eventId: string) =>
    tx.query(
      `insert into sync_receipts (tenant_id, device_id, seq, event_id, content_hash, status, position, code, message)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        device.tenantId,
        device.deviceId,
        seq,
        eventId,
        hash,
        outcome.status,
        outcome.status === 'refused' ? null : outcome.position,
        outcome.status === 'refused' ? outcome.code : null,
        outcome.status === 'refused' ? outcome.message : null,
      ],
    );
  const eventId = typeof raw.id === 'string' && /^[0-9a-f-]{36}$/.test(raw.id) ? raw.id : null;
  let outcome: PushOutcome;
  const published = context.published.length;
  await tx.query('savepoint pushed_event');
  try {
    if (namesAnotherTenant(raw, device.tenantId)) throw new Refusal('FORBIDDEN', 'The event names another tenant.');
    const event = parsed(PushedEvent, raw, 'The event');
    const [held] = await tx.query<{ position: string | number; content_hash: string }>(
      'select position, content_hash from sync_events where tenant_id = $1 and id = $2',
      [device.tenantId, event.id],
    );
    if (held && held.content_hash !== hash)
      throw new Refusal('INVALID', `Event ${event.id} was pushed before with other content.`);
    if (held) {
      outcome = { seq, status: 'duplicate', position: Number(held.position) };
    } else {
      const after = await applyEvent(context, event);
      const { position } = await appendToLog(tx, device.tenantId, {
        id: event.id,
        streamId: event.streamId,
        type: event.type,
        data: event.data,
        actor: event.actor,
        occurredAt: event.occurredAt,
        chainHash: event.chainHash ?? null,
        device: { deviceId: device.deviceId, seq },
        contentHash: hash,
      });
      await after?.();
      outcome = { seq, status: 'accepted', position };
    }
    await tx.query('release savepoint pushed_event');
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await tx.query('rollback to savepoint pushed_event');
    context.published.length = published;
    outcome = {
      seq,
      status: 'refused',
      code: error.code,
      message: error.message,
      ...(error.currentVersion !== undefined ? { currentVersion: error.currentVersion } : {}),
    };
  }
  await receipt(outcome, eventId ?? '00000000-0000-0000-0000-000000000000');
  return outcome;
}
