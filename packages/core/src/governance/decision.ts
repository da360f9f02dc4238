import type { z } from 'zod';
import { CoreError } from '../contracts/errors.js';
import type { StoredEvent } from '../contracts/events.js';
import { type Decision, DecisionEventData, DecisionEventType, type DecisionStatus } from '../contracts/governance.js';

/** The category of decision streams: `decision-<id>`. */
export const DECISION_CATEGORY = 'decision';

export const decisionStreamId = (id: string) => `${DECISION_CATEGORY}-${id}`;

const awaitingReview: readonly DecisionStatus[] = ['pending', 'escalated'];

/** Each step, the states it may follow (null: no decision yet) and the state it leads to (`same`: it stays). */
const transitions: Record<
  DecisionEventType,
  { from: readonly (DecisionStatus | null)[]; to: DecisionStatus | 'same' }
> = {
  'decision.proposed': { from: [null], to: 'pending' },
  'decision.escalated': { from: ['pending'], to: 'escalated' },
  'decision.endorsed': { from: awaitingReview, to: 'same' },
  'decision.approved': { from: awaitingReview, to: 'approved' },
  'decision.rejected': { from: awaitingReview, to: 'rejected' },
  'decision.expired': { from: awaitingReview, to: 'expired' },
  'decision.executing': { from: ['approved'], to: 'executing' },
  'decision.executed': { from: ['executing'], to: 'executed' },
  'decision.failed': { from: ['executing'], to: 'failed' },
};

/** The state a decision in `current` reaches through `step`, or null when that step is not allowed there. */
export function nextDecisionState(current: DecisionStatus | null, step: DecisionEventType): DecisionStatus | null {
  const transition = transitions[step];
  if (!transition.from.includes(current)) return null;
  return transition.to === 'same' ? current : transition.to;
}

/** Is this event a step of a decision (by its type)? */
export function isDecisionEvent(event: Pick<StoredEvent, 'type'>): event is StoredEvent & { type: DecisionEventType } {
  return DecisionEventType.safeParse(event.type).success;
}

function corrupt(event: StoredEvent, why: string): CoreError {
  return new CoreError(
    'INTERNAL',
    `Event ${event.streamVersion} of ${event.streamId} is not a valid decision step: ${why}.`,
  );
}

type StepData<T extends DecisionEventType> = z.output<(typeof DecisionEventData)[T]>;

/**
 * Folds one stored step into the decision. Steps are checked when they are written, so a step that
 * does not fit here means the stored events were changed behind the store's back.
 */
export function applyDecisionEvent(decision: Decision | null, event: StoredEvent): Decision {
  if (!isDecisionEvent(event)) throw corrupt(event, `${event.type} is not a decision step`);
  const status = nextDecisionState(decision?.status ?? null, event.type);
  if (status === null) throw corrupt(event, `${event.type} cannot follow ${decision?.status ?? 'nothing'}`);
  const parsed = DecisionEventData[event.type].safeParse(event.data);
  if (!parsed.success) throw corrupt(event, 'its data does not match its type');
  const at = event.occurredAt;
  const by = event.meta.actor;
  if (decision === null) {
    const proposal = parsed.data as StepData<'decision.proposed'>;
    const id = event.streamId.slice(DECISION_CATEGORY.length + 1);
    return { id, ...proposal, actor: by, status, proposedAt: at, updatedAt: at, version: event.streamVersion };
  }
  const next: Decision = { ...decision, status, updatedAt: at, version: event.streamVersion };
  const outcome = decision.outcome ?? { by, startedAt: at };
  switch (event.type) {
    case 'decision.endorsed': {
      const said = parsed.data as StepData<'decision.endorsed'>;
      next.approvals = [...(decision.approvals ?? []), { by, ...said, at }];
      break;
    }
    case 'decision.approved':
    case 'decision.rejected': {
      const said = parsed.data as StepData<'decision.approved'>;
      next.review = { verdict: event.type === 'decision.approved' ? 'approved' : 'rejected', by, ...said, at };
      if (event.type === 'decision.approved') next.approvals = [...(decision.approvals ?? []), { by, ...said, at }];
      break;
    }
    case 'decision.escalated':
      next.escalation = { ...(parsed.data as StepData<'decision.escalated'>), at };
      break;
    case 'decision.executing':
      next.outcome = { by, startedAt: at };
      break;
    case 'decision.executed':
      next.outcome = { ...outcome, result: (parsed.data as StepData<'decision.executed'>).result };
      break;
    case 'decision.failed':
      next.outcome = { ...outcome, ...(parsed.data as StepData<'decision.failed'>) };
      break;
  }
  return next;
}

/** The decision its stream's events describe, or null for an empty stream. */
export function foldDecision(events: readonly StoredEvent[]): Decision | null {
  return events.reduce<Decision | null>(applyDecisionEvent, null);
}

/** Does `event` fit as the next step of `decision` (a known step, allowed there, its data valid)? */
function fits(decision: Decision | null, event: StoredEvent): boolean {
  if (!isDecisionEvent(event)) return false;
  if (nextDecisionState(decision?.status ?? null, event.type) === null) return false;
  return DecisionEventData[event.type].safeParse(event.data).success;
}

/**
 * The decision as this device knows it: the server's steps (it judged them against its own state, the
 * authority's), then this device's steps it has not confirmed yet. A pending step that no longer fits
 * (an approval of a decision the server has meanwhile rejected) is left out, as the server will refuse
 * it. A stream the server knows nothing of is folded strictly, as before sync: a step that does not
 * fit there means the store was changed behind its back. A stream that starts with another device's
 * decision's steps (seen through a server whose log copy is gone, after signing in to another tenant)
 * holds no decision.
 */
export function mergeDecision(view: {
  confirmed: readonly StoredEvent[];
  pending: readonly StoredEvent[];
  refused: number;
  writtenHere: ReadonlySet<string>;
}): Decision | null {
  // Only this device's own decisions can be local alone (another's were seen through a server).
  const localAlone = view.confirmed.length === 0 && view.refused === 0;
  if (localAlone && view.pending[0]?.type === 'decision.proposed') return foldDecision(view.pending);
  let decision: Decision | null = null;
  let steps = 0;
  for (const event of [...view.confirmed, ...view.pending]) {
    if (!fits(decision, event)) continue;
    decision = applyDecisionEvent(decision, event);
    steps += 1;
  }
  if (!decision) return null;
  const proposal = [...view.confirmed, ...view.pending].find((event) => event.type === 'decision.proposed');
  const here = proposal !== undefined && view.writtenHere.has(proposal.id);
  const confirmed = view.confirmed.find((event) => event.type === 'decision.proposed');
  const deviceId = confirmed && confirmed.meta.deviceId !== 'server' ? confirmed.meta.deviceId : null;
  return { ...decision, version: steps, origin: { deviceId, here } };
}
