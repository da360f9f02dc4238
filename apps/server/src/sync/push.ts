import {
  type Actor,
  Constitution,
  DecisionEventData,
  type DecisionProposal,
  type JsonObject,
  type RiskLevel,
} from '@webnova/core/contracts';
import { PushedEvent, type PushOutcome, type PushResponse } from '@webnova/core/contracts/sync';
import { judgeProposal } from '@webnova/core/judge';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import { appendAudit, SERVER_ACTOR } from '../audit/chain.js';
import { type Queryable, UUID } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { DECISION_SELECT, type DecisionRow, type DecisionView, decisionView } from '../decisions/decision.js';
import { expireDueDecisions } from '../decisions/expiry.js';
import { insertDecision } from '../decisions/propose.js';
import { type ReviewLogging, reviewDecision } from '../decisions/review.js';
import type { DevicePrincipal } from '../devices/credential.js';
import { ServerError } from '../http/problem.js';
import { MEMBER_ROLE_KIND } from '../users/member-role.js';
import { isDeviceAuditEntry, TenantChainEvidence } from './audit-evidence.js';
import { CONSTITUTION_CHANGED, CONSTITUTION_STREAM, constitutionNow, judgePushedProposal } from './judge-pushed.js';
import { appendAllToLog, appendToLog, contentHash, type LogEvent, lockLog, streamVersions } from './log.js';

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

/**
 * The checks every event meets, whatever its stream: whose it is, and the version it built on (`current`,
 * its stream's version now). Judged on the event alone: nothing is read here.
 */
function checkEvent(device: DevicePrincipal, event: PushedEvent, current: number): void {
  if (event.actor.kind === 'user' && event.actor.id !== device.userId) {
    throw new Refusal('FORBIDDEN', 'A device pushes only its own user’s actions.');
  }
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
}

/** What a decision step does to the server's decision, the authority (role now, state now, quorum). */
async function judgeDecisionStep(
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
    const judged = await judgePushedProposal(tx, tenantId, proposal, event);
    if ('forbidden' in judged) throw new Refusal('FORBIDDEN', judged.forbidden);
    const decision = await insertDecision(tx, tenantId, device.userId, judged.proposal, judged.approvers, {
      id: decisionId,
      actor: event.actor,
    }).catch((error: unknown) => {
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

/**
 * A step of a decision, judged by the decision code against the server's decision now (which writes as it
 * goes), so applied in a savepoint: a refusal rolls back to it and leaves nothing behind. Answers the
 * step's position in the log; what the server records after it (its approval closing a quorum) follows.
 */
async function applyDecisionStep(
  context: PushContext,
  event: PushedEvent,
  decisionId: string,
  logged: LogEvent,
): Promise<number> {
  const { tx, device } = context;
  const published = context.published.length;
  await tx.query('savepoint pushed_event');
  try {
    const current = (await streamVersions(tx, device.tenantId, [event.streamId])).get(event.streamId) ?? 0;
    checkEvent(device, event, current);
    const after = await judgeDecisionStep(context, event, decisionId, current).catch((error: unknown) => {
      throw error instanceof ServerError ? refusalOf(error, current) : error;
    });
    const { position } = await appendToLog(tx, device.tenantId, logged);
    await after?.();
    await tx.query('release savepoint pushed_event');
    return position;
  } catch (error) {
    if (error instanceof Refusal) {
      await tx.query('rollback to savepoint pushed_event');
      context.published.length = published;
    }
    throw error;
  }
}

/** The event as pushed when it is one and names no other tenant; else why it is refused. */
function readEvent(raw: RawEvent, tenantId: string): PushedEvent | Refusal {
  if (namesAnotherTenant(raw, tenantId)) return new Refusal('FORBIDDEN', 'The event names another tenant.');
  try {
    return parsed(PushedEvent, raw, 'The event');
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
}

type RawEvent = Record<string, unknown> & { seq: number };

/** Where the log holds an event: known at once for one it held before, set by the flush for one buffered. */
interface LogPlace {
  contentHash: string;
  position?: number;
}

/** A new seq's answer, turned into its outcome and receipt once every buffered append has its position. */
type Answer = { seq: number; eventId: string; hash: string } & (
  | { status: 'accepted' | 'duplicate'; place: LogPlace }
  | { status: 'refused'; refusal: Refusal }
);

/** What the device is told of a new seq. */
function outcomeOf(answer: Answer): PushOutcome {
  if (answer.status === 'refused') {
    const { code, message, currentVersion } = answer.refusal;
    return {
      seq: answer.seq,
      status: 'refused',
      code,
      message,
      ...(currentVersion !== undefined ? { currentVersion } : {}),
    };
  }
  if (answer.place.position === undefined) throw new Error(`seq ${answer.seq} has no position in the log`);
  return { seq: answer.seq, status: answer.status, position: answer.place.position };
}

/**
 * The push's new seqs, judged one by one in seq order, each seeing what those before it did. Most are plain
 * events (any stream but a decision's): judged here against the event ids and stream versions read once
 * for the whole push and kept up to date as it goes, they can only be refused before anything is written,
 * so they need no savepoint, and their appends wait in a buffer that goes into the log in one statement.
 * A decision step is judged against the database (`applyDecisionStep`), so the buffer is flushed first: its
 * events take the positions before the step's, and are there to be read (the newest constitution).
 * The receipts, every seq's, go in one statement at the end: a refused event leaves only its receipt.
 */
async function takeNewEvents(context: PushContext, raws: readonly RawEvent[]): Promise<PushOutcome[]> {
  if (raws.length === 0) return [];
  const { tx, device } = context;
  const tenantId = device.tenantId;
  const events = raws.map((raw) => readEvent(raw, tenantId));
  const readable = events.filter((event): event is PushedEvent => !(event instanceof Refusal));
  const inLog = await placesInLog(
    tx,
    tenantId,
    readable.map((event) => event.id),
  );
  // Versions are needed only where a plain event says what it built on; decision steps read their own.
  const versions = await streamVersions(
    tx,
    tenantId,
    readable.filter((event) => event.expectedVersion !== undefined && !decisionOf(event)).map((e) => e.streamId),
  );
  const buffered: { logged: LogEvent; place: LogPlace }[] = [];
  // A device's audit entries join the tenant's chain as evidence, written with the buffer.
  const evidence = new TenantChainEvidence(tx, device);
  const flush = async () => {
    await evidence.flush();
    const appended = await appendAllToLog(
      tx,
      tenantId,
      buffered.map(({ logged }) => logged),
    );
    for (const [index, { place }] of buffered.entries()) place.position = appended[index]?.position;
    buffered.length = 0;
  };
  const answers: Answer[] = [];
  for (const [index, event] of events.entries()) {
    const raw = raws[index] as RawEvent;
    const hash = contentHash(raw);
    const seq = raw.seq;
    const eventId = typeof raw.id === 'string' && UUID.test(raw.id) ? raw.id : NO_EVENT_ID;
    try {
      if (event instanceof Refusal) throw event;
      const held = inLog.get(event.id);
      if (held && held.contentHash !== hash) {
        throw new Refusal('INVALID', `Event ${event.id} was pushed before with other content.`);
      }
      if (held) {
        answers.push({ seq, eventId, hash, status: 'duplicate', place: held });
        continue;
      }
      const logged = loggedEvent(event, device.deviceId, hash);
      const place: LogPlace = { contentHash: hash };
      const decisionId = decisionOf(event);
      if (decisionId) {
        await flush();
        place.position = await applyDecisionStep(context, event, decisionId, logged);
      } else {
        const current = versions.get(event.streamId) ?? 0;
        checkEvent(device, event, current);
        if (event.type.startsWith('decision.')) {
          throw new Refusal('INVALID', `${event.type} belongs in a decision-<id> stream.`);
        }
        if (isDeviceAuditEntry(event)) {
          // Checked before it writes anything: a refusal here leaves nothing behind.
          const invalid = await evidence.take(event);
          if (invalid) throw new Refusal('INVALID', invalid);
        }
        // Any event appended to a stream read above moves it on, whether it said what it built on or not.
        if (versions.has(event.streamId)) versions.set(event.streamId, current + 1);
        buffered.push({ logged, place });
      }
      inLog.set(event.id, place);
      answers.push({ seq, eventId, hash, status: 'accepted', place });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      answers.push({ seq, eventId, hash, status: 'refused', refusal: error });
    }
  }
  await flush();
  await insertReceipts(tx, device, answers);
  return answers.map(outcomeOf);
}

/** The receipt's event id of an event whose id is not one (it was refused as invalid). */
const NO_EVENT_ID = '00000000-0000-0000-0000-000000000000';

/** The decision a step belongs to (its stream `decision-<id>`), or undefined for any other stream. */
function decisionOf(event: PushedEvent): string | undefined {
  return DECISION_STREAM.exec(event.streamId)?.[1];
}

/** A pushed event as the log keeps it. */
function loggedEvent(event: PushedEvent, deviceId: string, hash: string): LogEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    data: event.data,
    actor: event.actor,
    occurredAt: event.occurredAt,
    chainHash: event.chainHash ?? null,
    device: { deviceId, seq: event.seq },
    contentHash: hash,
  };
}

/** Where the tenant's log holds any of these event ids, with the content it holds under each. */
async function placesInLog(tx: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, LogPlace>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<{ id: string; position: string | number; content_hash: string }>(
    'select id, position, content_hash from sync_events where tenant_id = $1 and id = any($2::uuid[])',
    [tenantId, ids],
  );
  return new Map(rows.map((row) => [row.id, { contentHash: row.content_hash, position: Number(row.position) }]));
}

/** Every new seq's answer, kept (`sync_receipts`), in one statement. */
async function insertReceipts(tx: Queryable, device: DevicePrincipal, answers: readonly Answer[]): Promise<void> {
  const rows = answers.map((answer) => ({
    seq: answer.seq,
    event_id: answer.eventId,
    content_hash: answer.hash,
    status: answer.status,
    position: answer.status === 'refused' ? null : answer.place.position,
    code: answer.status === 'refused' ? answer.refusal.code : null,
    message: answer.status === 'refused' ? answer.refusal.message : null,
  }));
  await tx.query(
    `insert into sync_receipts (tenant_id, device_id, seq, event_id, content_hash, status, position, code, message)
     select $1, $2, r.seq, r.event_id, r.content_hash, r.status, r.position, r.code, r.message
       from jsonb_to_recordset($3::jsonb) as r(seq int, event_id uuid, content_hash text, status text,
                                               position bigint, code text, message text)`,
    [device.tenantId, device.deviceId, JSON.stringify(rows)],
  );
}

interface Receipt {
  seq: number;
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
 * The seqs the server holds already (the push's first ones): each answered again as before, read in one
 * statement. One held with other content is `SEQ_REUSED`, which answers the whole push.
 */
async function answerHeldSeqs(
  context: PushContext,
  raws: readonly RawEvent[],
  lastSeq: number,
  log: FastifyBaseLogger,
): Promise<PushOutcome[]> {
  const first = raws[0];
  if (!first) return [];
  const { tx, device } = context;
  const receipts = await tx.query<Receipt>(
    `select seq, content_hash, status, position, code, message from sync_receipts
      where device_id = $1 and seq between $2 and $3`,
    [device.deviceId, first.seq, first.seq + raws.length - 1],
  );
  const bySeq = new Map(receipts.map((receipt) => [receipt.seq, receipt]));
  return raws.map((event) => {
    const receipt = bySeq.get(event.seq);
    if (receipt && receipt.content_hash !== contentHash(event)) {
      log.warn({ deviceId: device.deviceId, seq: event.seq }, 'a device reused a seq with other content');
      throw new ServerError(
        'SEQ_REUSED',
        `Seq ${event.seq} was pushed before with other content: this device's numbering is broken.`,
        { seq: event.seq, lastSeq },
      );
    }
    return receipt ? repeated(event.seq, receipt) : { seq: event.seq, status: 'duplicate', position: null };
  });
}

/**
 * One push, in the caller's transaction (one per push: a push cut off takes none of it). The tenant's
 * log is locked first, so pushes of one tenant run one after another and positions follow commits.
 * Seqs must run on from the device's `lastSeq + 1` (else `SEQ_GAP`); a seq held with other content is
 * `SEQ_REUSED` (both answer the whole push, with nothing taken). Each new event is then judged on its
 * own, in seq order (`takeNewEvents`): a refused one leaves nothing behind but its receipt.
 */
export async function push(
  tx: Queryable,
  device: DevicePrincipal,
  raw: readonly RawEvent[],
  log: FastifyBaseLogger,
): Promise<{ response: PushResponse; published: Published[]; expired: DecisionView[] }> {
  const tenantId = device.tenantId;
  await lockLog(tx, tenantId);
  const [state] = await tx.query<{ last_seq: number; revoked: boolean }>(
    'select last_seq, revoked_at is not null as revoked from devices where id = $1 for update',
    [device.deviceId],
  );
  if (!state || state.revoked) throw new ServerError('DEVICE_REVOKED', 'This device was revoked.');
  const heldSeq = state.last_seq;
  const first = raw[0]?.seq ?? 1;
  if (first > heldSeq + 1 || raw.some((event, index) => event.seq !== first + index)) {
    throw new ServerError(
      'SEQ_GAP',
      `This device's events must run on from seq ${heldSeq + 1}, one after another: resend from there.`,
      { lastSeq: heldSeq },
    );
  }
  // By the server's clock, before any approval is weighed.
  const expired = await expireDueDecisions(tx, tenantId);
  const context: PushContext = { tx, device, published: [] };
  const held = raw.filter((event) => event.seq <= heldSeq);
  const fresh = raw.filter((event) => event.seq > heldSeq);
  const outcomes = [...(await answerHeldSeqs(context, held, heldSeq, log)), ...(await takeNewEvents(context, fresh))];
  const lastSeq = fresh.at(-1)?.seq ?? heldSeq;
  await tx.query('update devices set last_seq = $2, last_seen_at = now() where id = $1', [device.deviceId, lastSeq]);
  return { response: { outcomes, lastSeq }, published: context.published, expired };
}
