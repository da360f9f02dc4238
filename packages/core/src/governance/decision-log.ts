import { hash } from 'node:crypto';
import type { z } from 'zod';
import { CoreError } from '../contracts/errors.js';
import { Actor, type JsonObject, LOCAL_OWNER } from '../contracts/events.js';
import { type Decision, DecisionEventData, type DecisionEventType, DecisionProposal } from '../contracts/governance.js';
import { formatMessage, type SystemMessage } from '../contracts/messages/system-message.js';
import type { StreamWrite } from '../store/append.js';
import type { EventStore } from '../store/event-store.js';
import { uuid7 } from '../store/uuid7.js';
import { readStreamView, type StreamView } from '../sync/stream-view.js';
import type { AuditLog } from './audit-log.js';
import { canonicalJson } from './canonical-json.js';
import { applyDecisionEvent, decisionStreamId, mergeDecision, nextDecisionState } from './decision.js';
import { ExecutionFailure } from './execution-failure.js';
import { claimWarrantMint, type Warrant } from './warrant.js';

/** The one mint of warrants: claimed as this module loads, so no other module can mint. */
const mintWarrant = claimWarrantMint();

/** A step's reason in core's words: in English (`reason`, `error`) and as the message (`<name>Message`). */
const saying = (name: 'reason' | 'error' | 'comment', message: SystemMessage): JsonObject => ({
  [name]: formatMessage(message, 'en'),
  [`${name}Message`]: message as unknown as JsonObject,
});

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'webnova' };

/**
 * Runs the approved action; what it returns is recorded as the decision's result. `warrant` is the
 * capability the executors ask for: good for this decision, once.
 */
export type DecisionAction = (decision: Decision, warrant: Warrant) => Promise<JsonObject>;

function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CoreError('INVALID_INPUT', `${what} is not valid.`, parsed.error.issues);
  return parsed.data;
}

/** What the audit entry of a step keeps: the step's data, with a proposal's payload reduced to its hash. */
function auditDataOf(type: DecisionEventType, data: JsonObject, eventId: string): JsonObject {
  if (type !== 'decision.proposed') return { eventId, ...data };
  const { payload, ...rest } = data;
  const payloadSha256 = hash('sha256', canonicalJson(payload), 'hex');
  return { eventId, ...rest, payloadSha256 };
}

/**
 * Decisions, each kept as the events of its own `decision-<id>` stream, so they survive a restart;
 * every step is checked against the state machine, written with the stream's expected version (two
 * reviewers or two executors racing: one wins, the other gets `CONFLICT`), and committed together with
 * its audit entry.
 */
export class DecisionLog {
  constructor(
    private readonly store: EventStore,
    private readonly audit: AuditLog,
    /**
     * The governance server's user this device is signed in as, if any. Then the server counts the
     * quorum: every approval here goes as an endorsement, and the server's own step approves.
     */
    private readonly signedInAs: () => string | null = () => null,
  ) {}

  async propose(actor: Actor, proposal: DecisionProposal): Promise<Decision> {
    const data = checked(DecisionProposal, proposal, 'The proposal');
    // Reasons and messages are JSON by construction (codes, strings, numbers and nested messages).
    return this.#step(uuid7(), 'decision.proposed', actor, data as unknown as JsonObject);
  }

  /**
   * Only a person approves, only once per decision, and only one of the decision's approvers when it
   * names them. A person's own proposal counts their approval toward the quorum (a decision a person
   * starts, such as adding an approver or a deploy: a lone owner can always act, and others are needed
   * only as far as the quorum asks for more than one); an AI or system proposal never counts its
   * proposer, who is not a person. The approval that reaches the quorum (k of n distinct people)
   * approves the decision; the ones before it are endorsements and the decision keeps waiting.
   */
  async approve(id: string, by: Actor, comment = ''): Promise<Decision> {
    const current = await this.get(id);
    const given = current.approvals ?? [];
    const reaches = given.length + 1 >= (current.quorum ?? 1) && this.signedInAs() === null;
    return this.#step(id, reaches ? 'decision.approved' : 'decision.endorsed', by, { comment }, (decision) => {
      this.#requirePerson(by, 'approve');
      if (decision.approvers && !decision.approvers.includes(by.id)) {
        throw new CoreError(
          'PERMISSION_DENIED',
          { code: 'ERROR_NOT_AN_APPROVER', params: { who: by.id } },
          {
            decisionId: id,
            approvers: decision.approvers,
          },
        );
      }
      if ((decision.approvals ?? []).some((approval) => this.#samePerson(approval.by, by))) {
        throw new CoreError(
          'CONFLICT',
          { code: 'ERROR_APPROVED_ALREADY', params: { who: by.id } },
          {
            decisionId: id,
          },
        );
      }
      if ((decision.approvals ?? []).length !== given.length) {
        throw new CoreError('CONFLICT', { code: 'ERROR_APPROVED_MEANWHILE', params: { id } });
      }
    });
  }

  /**
   * The constitution's own approval of an action it allows outright, recorded by the system with the
   * rules that allowed it. Called only by governance after evaluating the constitution on the proposal.
   */
  allowByConstitution(id: string, ruleIds: readonly string[]): Promise<Decision> {
    const said: SystemMessage = ruleIds.length
      ? { code: 'DECISION_ALLOWED_BY_RULES', params: { rules: ruleIds.join(', ') } }
      : { code: 'DECISION_ALLOWED_NO_RULE' };
    return this.#step(id, 'decision.approved', SYSTEM_ACTOR, saying('comment', said), (decision) => {
      if (decision.version !== 1) throw new CoreError('CONFLICT', { code: 'ERROR_UNDER_REVIEW', params: { id } });
    });
  }

  reject(id: string, by: Actor, comment = ''): Promise<Decision> {
    return this.#step(id, 'decision.rejected', by, { comment }, () => this.#requirePerson(by, 'reject'));
  }

  escalate(id: string, reason: string | SystemMessage, by: Actor = SYSTEM_ACTOR): Promise<Decision> {
    return this.#step(id, 'decision.escalated', by, typeof reason === 'string' ? { reason } : saying('reason', reason));
  }

  /** An unanswered decision that ran out of time: it counts as rejected. */
  expire(id: string, by: Actor = SYSTEM_ACTOR): Promise<Decision> {
    return this.#step(id, 'decision.expired', by, {});
  }

  /**
   * Runs an approved decision's action at most once. The `executing` marker is written first, with the
   * stream's expected version: a second executor, now or after a restart, gets `CONFLICT` and its action
   * never runs. A run that was cut short (a crash) leaves the decision `executing` for a person to
   * look at, rather than running it again. `alongside` gives writes to commit with the result (the
   * Blueprint stream's change after a Blueprint patch), so the two are recorded together or not at all.
   */
  async execute(
    id: string,
    by: Actor,
    action: DecisionAction,
    alongside?: (started: Decision) => Promise<readonly StreamWrite[]>,
  ): Promise<Decision> {
    const started = await this.#step(id, 'decision.executing', by, {});
    let result: JsonObject;
    try {
      result = await action(started, mintWarrant(started));
    } catch (error) {
      const said = error instanceof CoreError && error.systemMessage.code !== 'ERROR_DETAIL';
      const why = said
        ? saying('error', error.systemMessage)
        : { error: error instanceof Error ? error.message : String(error) };
      // A command that ran and failed keeps what it printed and where it ran, for the Inbox to show.
      const done: JsonObject = error instanceof ExecutionFailure ? { result: error.record } : {};
      await this.#step(id, 'decision.failed', by, { ...why, ...done });
      throw error;
    }
    return this.#step(id, 'decision.executed', by, { result }, undefined, (await alongside?.(started)) ?? []);
  }

  /** Closes a run that a crash cut short: recorded as failed, for a person to look at, and never rerun. */
  markInterrupted(id: string, reason: SystemMessage, by: Actor = SYSTEM_ACTOR): Promise<Decision> {
    return this.#step(id, 'decision.failed', by, saying('error', reason));
  }

  async get(id: string): Promise<Decision> {
    return this.#known(id, await readStreamView(this.store, decisionStreamId(id)));
  }

  #known(id: string, view: StreamView): Decision {
    const decision = mergeDecision(view);
    if (!decision) throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_DECISION', params: { id } }, { decisionId: id });
    return decision;
  }

  /** The owner on this computer before signing in is the signed-in user now. */
  #samePerson(a: Actor, b: Actor): boolean {
    const user = this.signedInAs();
    const who = (actor: Actor) =>
      user !== null && actor.kind === LOCAL_OWNER.kind && actor.id === LOCAL_OWNER.id ? user : actor.id;
    return a.kind === b.kind && who(a) === who(b);
  }

  #requirePerson(by: Actor, verb: 'approve' | 'reject'): void {
    if (by.kind !== 'user') {
      throw new CoreError('PERMISSION_DENIED', {
        code: `ERROR_PERSON_ONLY_${verb.toUpperCase()}`,
        params: { kind: by.kind },
      });
    }
  }

  async #step(
    id: string,
    type: DecisionEventType,
    actor: Actor,
    data: JsonObject,
    allowed?: (decision: Decision) => void,
    alongside: readonly StreamWrite[] = [],
  ): Promise<Decision> {
    checked(Actor, actor, 'The actor');
    const step = checked(DecisionEventData[type] as z.ZodType<JsonObject>, data, `The ${type} step`);
    const streamId = decisionStreamId(id);
    const view = await readStreamView(this.store, streamId);
    const current = type === 'decision.proposed' ? null : this.#known(id, view);
    if (current) allowed?.(current);
    if (nextDecisionState(current?.status ?? null, type) === null) {
      throw new CoreError(
        'CONFLICT',
        { code: 'ERROR_STEP_NOT_ALLOWED', params: { id, status: String(current?.status), step: type } },
        {
          decisionId: id,
          status: current?.status,
        },
      );
    }
    const eventId = uuid7();
    const occurredAt = new Date().toISOString();
    const { results } = await this.audit.recordWith(
      { occurredAt, actor, action: type, subject: `decision:${id}`, data: auditDataOf(type, step, eventId) },
      [
        {
          streamId,
          // This device's own stream: two of its writers racing, one wins and the other gets CONFLICT.
          expectedVersion: view.localVersion,
          events: [{ id: eventId, type, data: step, meta: { actor }, occurredAt }],
        },
        ...alongside,
      ],
    );
    const [stored] = results[0]?.events ?? [];
    if (!stored) throw new Error(`Appending ${type} to ${streamId} returned no event.`);
    const next = applyDecisionEvent(current, stored);
    return current ? { ...next, version: current.version + 1 } : next;
  }
}
