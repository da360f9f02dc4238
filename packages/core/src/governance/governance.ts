import { hash } from 'node:crypto';
import { type CheckedConstitution, Constitution, type ConstitutionDraft } from '../contracts/constitution.js';
import { CoreError } from '../contracts/errors.js';
import { type Actor, type JsonObject, LOCAL_OWNER, type NewEvent, type StoredEvent } from '../contracts/events.js';
import {
  type Decision,
  type DecisionReason,
  type DecisionStatus,
  decisionKindWords,
  type RiskLevel,
} from '../contracts/governance.js';
import type { SystemMessage } from '../contracts/messages/system-message.js';
import type { Log } from '../settings/json-file.js';
import { EventStore } from '../store/event-store.js';
import { findMigrationsFolder } from '../store/migrations-folder.js';
import { runProjection } from '../store/projection.js';
import { BLUEPRINT_CATEGORY } from '../sync/blueprints/blueprint-stream.js';
import { BlueprintSync, type WrittenBlueprint } from '../sync/blueprints/blueprint-sync.js';
import type { BlueprintComparison, BlueprintConflict } from '../sync/contract.js';
import { readStreamView, readStreamViews, type StreamView, serverVersionOf } from '../sync/stream-view.js';
import {
  AI_CONTROLS_STREAM,
  AI_USAGE_STREAM,
  AiControlsState,
  BUDGET_SET,
  CONTROL_REASONS,
  KILL_SWITCH_SET,
  PROJECT_AI_SET,
  USAGE_RECORDED,
} from './ai-controls.js';
import { AuditLog } from './audit-log.js';
import { canonicalJson } from './canonical-json.js';
import type { CommandRunEvents, CommandRunners } from './command-executor.js';
import { DEFAULT_CONSTITUTION } from './constitution-default.js';
import { CONSTITUTION_CHANGED, updateConstitution } from './constitution-update.js';
import type {
  AiBudget,
  AiControls,
  AuditStatus,
  DecisionDetails,
  DecisionFilter,
  DecisionRefusal,
  ProposalOutcome,
} from './contract.js';
import { DECISION_CATEGORY, decisionStreamId, mergeDecision } from './decision.js';
import { decisionDetails } from './decision-diff.js';
import { DecisionLog, SYSTEM_ACTOR } from './decision-log.js';
import { DecisionTimers, type DueStep } from './decision-timers.js';
import { createExecutors, type Executors } from './executors.js';
import { judgeProposal } from './judge.js';
import { DECISION_REFUSED, RefusalsSeen, refusalSubject } from './refusals.js';

/** On the desktop the person at the keyboard is the owner: the API is reachable only with the launch token. */
export { LOCAL_OWNER };

export const CONSTITUTION_STREAM = 'constitution';

/** What governance tells the UI about: the event `governance.changed`. */
export interface GovernanceChange {
  pendingCount: number;
  reason: 'decision' | 'refusal' | 'constitution' | 'controls' | 'ready';
  decisionId?: string;
  newPending?: boolean;
  /** Something the owner should be told of, beyond the change itself (a decision approved elsewhere ran). */
  notice?: SystemMessage;
}

export interface GovernanceOptions {
  dataDir: string;
  owner?: Actor;
  log?: Log;
  migrationsFolder?: string;
  /** Where decided commands run (tests pass their own); this machine's sandbox and host when absent. */
  runners?: CommandRunners;
  /** A decided command's output and end as they come, for the IDE's Output. */
  commandEvents?: CommandRunEvents;
  /** The executors (tests pass recording ones); they too accept nothing but a warrant. */
  executors?: Executors;
  onChange?: (change: GovernanceChange) => void;
  /** The open project, for the controls' view and for proposals made through the API. */
  currentProject?: () => string | null;
}

/** Who proposes, for which project. */
export interface ProposalOrigin {
  actor: Actor;
  /** The project folder (absolute) the action is for: where it runs, what "outside the project" means. */
  project?: string;
  correlationId?: string;
}

export interface ProposedEffect {
  kind: string;
  payload: JsonObject;
  /** The proposer's own estimate: it can raise the risk, never lower it. */
  risk?: RiskLevel;
}

/**
 * Why an action is proposed: words (an AI model's or a person's own), or core's own as a system message
 * with its English words (kept as `rationale` for logs, and checked for injected text like any other).
 */
export type Rationale = string | { text: string; message: SystemMessage };

/** A proposal's outcome, with a secret's value when a `secret.read` ran (never stored). */
export type ProposalResult = ProposalOutcome & { secret?: string };

const WAITING: readonly DecisionStatus[] = ['pending', 'escalated'];
/** A decision runs on the device that proposed it; one only seen through the server never runs here. */
const runsHere = (decision: Decision) => decision.origin?.here ?? true;
const sha256 = (value: unknown) => hash('sha256', canonicalJson(value), 'hex');
const isConflict = (error: unknown) => error instanceof CoreError && error.code === 'CONFLICT';

/**
 * The constitution in force: the newest valid change in the stream as this device knows it (the
 * server's, then this device's own not yet confirmed), else the default. A change the server refused
 * (made offline by someone who is not an owner, or on a version another owner had changed) is not in the
 * view, so it is undone here.
 */
function constitutionOf(view: StreamView): CheckedConstitution {
  const changes = [...view.confirmed, ...view.pending].filter((event) => event.type === CONSTITUTION_CHANGED);
  for (const change of changes.reverse()) {
    const parsed = Constitution.safeParse(change.data.constitution);
    if (parsed.success) return parsed.data;
  }
  return Constitution.parse(DEFAULT_CONSTITUTION);
}

interface Opened {
  store: EventStore;
  audit: AuditLog;
  decisions: DecisionLog;
  blueprints: BlueprintSync;
}

/**
 * Governance on the desktop: the store opened in the background, the constitution in force, the
 * decision log with its run-once executors, expiry and escalation timers, the owner's AI controls and
 * the audit chain. `propose` is the AI's one way to act.
 */
export class Governance {
  readonly #localOwner: Actor;
  /** The governance server's user this device is signed in as: then the owner here is that user. */
  #signedInAs: string | null = null;
  #opening: Promise<void> | null = null;
  #opened: Opened | null = null;
  #closed = false;
  #constitution: CheckedConstitution = Constitution.parse(DEFAULT_CONSTITUTION);
  readonly #decisions = new Map<string, Decision>();
  readonly #controls = new AiControlsState();
  readonly #refusals = new RefusalsSeen();
  readonly #timers: DecisionTimers;
  readonly #executors: Executors;
  readonly #running = new Map<AbortController, Promise<unknown>>();
  readonly #secrets = new Map<string, string>();
  #controlsQueue: Promise<unknown> = Promise.resolve();
  /** Offers of other devices' Blueprint changes, one at a time, so a pull and an opening never offer one twice. */
  #offering: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: GovernanceOptions) {
    this.#localOwner = options.owner ?? LOCAL_OWNER;
    this.#executors =
      options.executors ??
      createExecutors({
        dataDir: options.dataDir,
        ...(options.runners ? { runners: options.runners } : {}),
        ...(options.commandEvents ? { commandEvents: options.commandEvents } : {}),
      });
    this.#timers = new DecisionTimers((id, step) => void this.#due(id, step));
  }

  /**
   * Governance over the store in `<dataDir>/store`, returned at once. The store opens on first use (the
   * Inbox asks as the window starts), so a core that never governs, such as a CLI command or a test of
   * another feature, never pays for the embedded database; every method waits for it.
   */
  static start(options: GovernanceOptions): Governance {
    return new Governance(options);
  }

  /** The person who owns this computer's governance: the signed-in server user, else the local owner. */
  get owner(): Actor {
    return this.#signedInAs === null ? this.#localOwner : { kind: 'user', id: this.#signedInAs };
  }

  /**
   * Signing in makes the governance server the authority: the local owner acts as its user, approvals
   * here are endorsements the server counts, and decisions expire by the server's clock (so no timer
   * runs here). Signing out gives the timers back.
   */
  setSignedIn(userId: string | null): void {
    if (userId === this.#signedInAs) return;
    this.#signedInAs = userId;
    this.#timers.clear();
    if (userId === null) for (const decision of this.#decisions.values()) this.#timers.schedule(decision);
  }

  /** Settles once the store is open (opening it now if nothing has asked yet). */
  get ready(): Promise<void> {
    if (!this.#opening) {
      this.#opening = this.#open();
      this.#opening.catch((error) => this.#log('error', 'The governance store did not open', { error: String(error) }));
    }
    return this.#opening;
  }

  get isReady(): boolean {
    return this.#opened !== null;
  }

  /** The store, once open (for tools and tests). */
  async store(): Promise<EventStore> {
    return (await this.#ready()).store;
  }

  pendingCount(): number {
    let count = 0;
    for (const decision of this.#decisions.values()) if (WAITING.includes(decision.status)) count++;
    return count;
  }

  // ── the AI's door ────────────────────────────────────────────────────────────────────────────

  /**
   * What the AI orchestrator calls for every effect: the controls and the constitution decide whether it
   * runs at once (allowed), waits in the Inbox (a pending Decision), or is refused (forbidden, the kill
   * switch, the AI off for the project, the budget used up). Refusals are recorded in the audit log too.
   */
  async propose(effect: ProposedEffect, why: Rationale, origin: ProposalOrigin): Promise<ProposalResult> {
    const { decisions, audit } = await this.#ready();
    const rationale = typeof why === 'string' ? why : why.text;
    const rationaleMessage = typeof why === 'string' ? undefined : why.message;
    const now = new Date();
    const refuse = async (reasons: DecisionReason[]): Promise<ProposalResult> => {
      const entry = await audit.record({
        occurredAt: now.toISOString(),
        actor: origin.actor,
        action: DECISION_REFUSED,
        subject: `proposal:${effect.kind}`,
        data: {
          kind: effect.kind,
          payloadSha256: sha256(effect.payload),
          about: refusalSubject(effect),
          reasons: reasons as unknown as JsonObject[],
        },
      });
      this.#refusals.add(entry);
      this.#changed('refusal');
      return { outcome: 'refused', reasons };
    };
    if (origin.actor.kind === 'ai') {
      const refusal = this.#controls.refusal(origin.project, now);
      if (refusal) return refuse([refusal]);
    }
    const payload = await this.#hostWithoutSandbox(effect);
    const { assessment, verdict, targets } = await judgeProposal(
      { kind: effect.kind, payload, rationale, actor: origin.actor, risk: effect.risk },
      this.#constitution,
      origin.project,
    );
    const reasons: DecisionReason[] = [...assessment.reasons, ...verdict.reasons];
    if (payload !== effect.payload) reasons.push({ code: 'SANDBOX_NONE_HERE' });
    if (verdict.effect === 'forbid') return refuse(reasons);

    let allowed = verdict.effect === 'allow';
    if (allowed && origin.actor.kind === 'ai' && this.#controls.overBudget(now)) {
      allowed = false;
      reasons.push(CONTROL_REASONS.OVER_BUDGET);
    }
    const at = (ms: number | undefined) => (ms === undefined ? undefined : new Date(now.getTime() + ms).toISOString());
    const proposed = await decisions.propose(origin.actor, {
      kind: effect.kind,
      rationale,
      ...(rationaleMessage ? { rationaleMessage } : {}),
      payload,
      risk: assessment.risk,
      reasons,
      ...(origin.project ? { project: origin.project } : {}),
      ...(targets.length ? { targets } : {}),
      ...(verdict.sandbox ? { sandbox: verdict.sandbox } : {}),
      ...(allowed
        ? {}
        : {
            quorum: verdict.quorum ?? 1,
            ...(verdict.approvers ? { approvers: verdict.approvers } : {}),
            ...(verdict.expiresInMs ? { expiresAt: at(verdict.expiresInMs) } : {}),
            ...(verdict.escalateAfterMs ? { escalateAt: at(verdict.escalateAfterMs) } : {}),
          }),
    });
    this.#remember(proposed);
    if (!allowed) {
      this.#arm(proposed);
      this.#changed('decision', proposed.id, true);
      return { outcome: 'pending', decision: proposed, reasons };
    }
    this.#remember(await decisions.allowByConstitution(proposed.id, verdict.matchedRules));
    const { decision, secret } = await this.#carryOut(proposed.id);
    return {
      outcome: decision.status === 'executed' ? 'executed' : 'failed',
      decision,
      reasons,
      ...(secret !== undefined ? { secret } : {}),
    };
  }

  /**
   * A command where this machine has no sandbox asks, in its payload, to run on the host: that makes it
   * the owner's decision (high risk, never allowed by a rule alone), and the server judges the same.
   */
  async #hostWithoutSandbox(effect: ProposedEffect): Promise<ProposedEffect['payload']> {
    if (effect.kind !== 'command.run' || effect.payload.host === true) return effect.payload;
    const available = (await this.#executors.sandboxAvailable?.()) ?? true;
    return available ? effect.payload : { ...effect.payload, host: true };
  }

  /**
   * Asks before a model request: refused while the kill switch is on, for a project with the AI off,
   * or over the budget (when the owner chose to refuse then).
   */
  async admitAiRequest(project?: string): Promise<{ admitted: boolean; reasons: DecisionReason[] }> {
    await this.#ready();
    const refusal = this.#controls.refusal(project, new Date());
    return refusal ? { admitted: false, reasons: [refusal] } : { admitted: true, reasons: [] };
  }

  /** Adds a model request's usage to today's total (the orchestrator calls it after each request). */
  async recordUsage(usage: { tokens: number; cost: number }, actor: Actor = { kind: 'ai', id: 'orchestrator' }) {
    if (!(usage.tokens >= 0 && usage.cost >= 0)) throw new CoreError('INVALID_INPUT', 'Usage must not be negative.');
    await this.#controlsWrite(async ({ store }) => {
      const [result] = await store.appendAll([
        {
          streamId: AI_USAGE_STREAM,
          expectedVersion: this.#controls.usageVersion,
          events: [{ type: USAGE_RECORDED, data: { tokens: usage.tokens, cost: usage.cost }, meta: { actor } }],
        },
      ]);
      for (const event of result?.events ?? []) this.#controls.apply(event);
    });
  }

  // ── the owner's side ─────────────────────────────────────────────────────────────────────────

  /** Newest first, the ones awaiting review by default. */
  async list(filter: DecisionFilter = {}): Promise<Decision[]> {
    await this.#ready();
    const statuses = filter.status ?? WAITING;
    return [...this.#decisions.values()]
      .filter((d) => statuses.includes(d.status))
      .filter((d) => !filter.risk || filter.risk.includes(d.risk))
      .filter((d) => !filter.kind || filter.kind.includes(d.kind))
      .sort((a, b) => b.proposedAt.localeCompare(a.proposedAt) || b.id.localeCompare(a.id))
      .slice(0, filter.limit ?? 200);
  }

  /** Proposals refused lately (forbidden, or stopped by the owner's controls), newest first, with their reasons. */
  async refusals(limit = 50): Promise<DecisionRefusal[]> {
    await this.#ready();
    return this.#refusals.newest(limit);
  }

  async details(id: string): Promise<DecisionDetails> {
    const { decisions } = await this.#ready();
    return decisionDetails(this.#decisions.get(id) ?? (await decisions.get(id)));
  }

  /** An approval; the one that reaches the quorum runs the action, once. */
  async approve(id: string, comment = '', given: Actor = this.owner): Promise<Decision> {
    const { decisions } = await this.#ready();
    const by = this.#person(given);
    const current = await decisions.get(id);
    if (this.#controls.killSwitch.engaged && current.actor.kind === 'ai') {
      throw new CoreError('CONFLICT', { code: 'ERROR_KILL_SWITCH_ON' });
    }
    const approved = this.#remember(await decisions.approve(id, by, comment));
    if (approved.status !== 'approved') {
      this.#changed('decision', id);
      return approved;
    }
    this.#timers.cancel(id);
    this.#changed('decision', id);
    return (await this.#carryOut(id)).decision;
  }

  async reject(id: string, comment = '', by: Actor = this.owner): Promise<Decision> {
    const { decisions } = await this.#ready();
    const rejected = this.#remember(await decisions.reject(id, this.#person(by), comment));
    this.#timers.cancel(id);
    this.#changed('decision', id);
    return rejected;
  }

  /** A secret read by an approved decision, handed over once to whoever waits for it (the orchestrator). */
  takeSecret(decisionId: string): string | undefined {
    const secret = this.#secrets.get(decisionId);
    this.#secrets.delete(decisionId);
    return secret;
  }

  async constitution(): Promise<CheckedConstitution> {
    await this.#ready();
    return this.#constitution;
  }

  /** The owner's edit of the rules: stored as the next version, and recorded in the audit log with it. */
  async updateConstitution(draft: ConstitutionDraft, given: Actor = this.owner): Promise<CheckedConstitution> {
    const { audit, store } = await this.#ready();
    const actor = this.#person(given);
    const view = await readStreamView(store, CONSTITUTION_STREAM);
    this.#constitution = constitutionOf(view);
    const change = updateConstitution(this.#constitution, draft, actor, this.owner);
    // Signed in, the change says which of the server's versions it was made on: another owner's change
    // that came first makes the server refuse this one rather than lose theirs.
    const basedOn = this.#signedInAs === null ? {} : { basedOn: serverVersionOf(view) };
    await audit.recordWith(change.audit, [
      {
        streamId: CONSTITUTION_STREAM,
        expectedVersion: view.localVersion,
        events: [
          { type: CONSTITUTION_CHANGED, data: { constitution: change.constitution }, meta: { actor, ...basedOn } },
        ],
      },
    ]);
    this.#constitution = change.constitution;
    this.#changed('constitution');
    return change.constitution;
  }

  async controls(): Promise<AiControls> {
    await this.#ready();
    return this.#controls.view(this.options.currentProject?.() ?? null, new Date());
  }

  /** Engaging stops every AI action at once: new ones are refused and running commands are killed. */
  async setKillSwitch(engaged: boolean, by: Actor = this.owner): Promise<AiControls> {
    await this.#setControl(KILL_SWITCH_SET, { engaged }, this.#person(by));
    if (engaged) {
      for (const controller of this.#running.keys()) controller.abort();
    } else {
      await this.#resumeApproved();
    }
    return this.controls();
  }

  async setBudget(budget: AiBudget, by: Actor = this.owner): Promise<AiControls> {
    await this.#setControl(BUDGET_SET, { ...budget }, this.#person(by));
    return this.controls();
  }

  async setProjectAi(project: string, enabled: boolean, by: Actor = this.owner): Promise<AiControls> {
    await this.#setControl(PROJECT_AI_SET, { project, enabled }, this.#person(by));
    return this.controls();
  }

  async verifyAudit(): Promise<AuditStatus> {
    const { audit } = await this.#ready();
    return { verification: await audit.verify(), checkedAt: new Date().toISOString() };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#timers.clear();
    // Running actions are stopped and their failure recorded before the store closes.
    for (const controller of this.#running.keys()) controller.abort();
    await Promise.allSettled(this.#running.values());
    const opened = await this.#opening?.then(
      () => this.#opened,
      () => null,
    );
    await opened?.store.close();
  }

  // ── inside ───────────────────────────────────────────────────────────────────────────────────

  async #open(): Promise<void> {
    if (this.#closed) throw new CoreError('INTERNAL', 'Governance is closed.');
    const store = await EventStore.open(this.options.dataDir, {
      migrationsFolder: this.options.migrationsFolder ?? findMigrationsFolder(),
    });
    if (this.#closed) {
      await store.close();
      throw new CoreError('INTERNAL', 'Governance closed while its store was opening.');
    }
    const audit = new AuditLog(store);
    const decisions = new DecisionLog(store, audit, () => this.#signedInAs);
    const rebuild = await runProjection(store, {
      name: 'governance',
      reset: () => {},
      apply: (event: StoredEvent) => {
        this.#controls.apply(event);
        this.#refusals.apply(event);
      },
    });
    await rebuild.stop();
    // Decisions and the constitution are what this device wrote merged with the server's word on them.
    for (const [, view] of await readStreamViews(store, { prefix: `${DECISION_CATEGORY}-` })) {
      const decision = mergeDecision(view);
      if (decision) this.#decisions.set(decision.id, decision);
    }
    this.#constitution = constitutionOf(await readStreamView(store, CONSTITUTION_STREAM));
    this.#opened = { store, audit, decisions, blueprints: new BlueprintSync(store, () => this.#signedInAs !== null) };
    this.#log('info', 'Governance store open', { openMs: Math.round(store.openMs), decisions: this.#decisions.size });
    await this.#recover();
    this.#changed('ready');
  }

  /**
   * After a restart: a run that was cut short is closed as failed (never rerun), an approval whose run
   * never started runs now, and every waiting decision's timers are armed again from its own times.
   */
  async #recover(): Promise<void> {
    const { decisions } = this.#opened as Opened;
    for (const decision of [...this.#decisions.values()]) {
      if (decision.status === 'executing' && runsHere(decision)) {
        this.#remember(await decisions.markInterrupted(decision.id, { code: 'DECISION_INTERRUPTED' }));
      } else if (WAITING.includes(decision.status)) {
        this.#arm(decision);
      }
    }
    await this.#resumeApproved();
  }

  /**
   * Runs the approved decisions this device proposed that have not run yet: each once. One approved on
   * another device or by the server (after a pull) runs when its project is the open one, else when that
   * project is next opened, and the owner is told.
   */
  async #resumeApproved(): Promise<void> {
    const open = this.options.currentProject?.() ?? null;
    for (const decision of [...this.#decisions.values()]) {
      if (decision.status !== 'approved' || !runsHere(decision)) continue;
      if (this.#controls.killSwitch.engaged && decision.actor.kind === 'ai') continue;
      const elsewhere = decision.origin !== undefined;
      if (elsewhere && decision.project && decision.project !== open) continue;
      const { decision: ran } = await this.#carryOut(decision.id);
      if (elsewhere && ran.status !== 'approved') {
        this.#changed('decision', decision.id, false, {
          code: 'DECISION_RAN_AFTER_SYNC',
          params: { kind: decisionKindWords(ran.kind) },
        });
      }
    }
  }

  /**
   * What sync brought: the server's word on these streams (a pull), or its refusal of this device's
   * changes to them (a push). Decisions and the constitution are read again; what newly waits is
   * announced, and what is now approved for this device runs.
   */
  async synced(
    streamIds: readonly string[],
    refusals: readonly { streamId: string; type: string; code: string; message: string }[] = [],
  ): Promise<void> {
    const { store } = await this.#ready();
    const refusalOf = (streamId: string) => refusals.find((refusal) => refusal.streamId === streamId);
    const decisionStreams = streamIds.filter((id) => id.startsWith(`${DECISION_CATEGORY}-`));
    for (const [, view] of await readStreamViews(store, { streamIds: decisionStreams })) {
      const decision = mergeDecision(view);
      if (!decision) continue;
      const before = this.#decisions.get(decision.id);
      this.#remember(decision);
      if (!WAITING.includes(decision.status)) this.#timers.cancel(decision.id);
      else this.#arm(decision);
      const refused = refusalOf(decisionStreamId(decision.id));
      if (!refused && before?.version === decision.version && before.status === decision.status) continue;
      const newPending = WAITING.includes(decision.status) && !WAITING.includes(before?.status ?? 'approved');
      // The server refused this device's step (an approval re-checked against the role and the decision now).
      const notice: SystemMessage | undefined = refused
        ? { code: 'SYNC_STEP_REFUSED', params: { step: refused.type, reason: refused.message } }
        : undefined;
      this.#changed('decision', decision.id, newPending, notice);
    }
    if (streamIds.includes(CONSTITUTION_STREAM)) {
      const view = await readStreamView(store, CONSTITUTION_STREAM);
      const next = constitutionOf(view);
      const refused = refusalOf(CONSTITUTION_STREAM);
      if (refused || canonicalJson(next) !== canonicalJson(this.#constitution)) {
        this.#constitution = next;
        // A change the server refused is undone here: the owner is told why.
        const notice: SystemMessage | undefined = refused
          ? { code: 'SYNC_CONSTITUTION_REFUSED', params: { reason: refused.message } }
          : undefined;
        this.#changed('constitution', undefined, false, notice);
      }
    }
    await this.#resumeApproved();
    if (streamIds.some((id) => id.startsWith(`${BLUEPRINT_CATEGORY}-`))) await this.#offerPulledBlueprint();
  }

  /** The open project changed: an approved decision waiting for it runs now, another device's Blueprint change is offered. */
  async projectOpened(): Promise<void> {
    if (!this.#opened || this.#closed) return;
    await this.#resumeApproved().catch((error: unknown) =>
      this.#log('warn', 'Approved decisions did not run on opening a project', { error: String(error) }),
    );
    await this.#offerPulledBlueprint();
  }

  /**
   * Another device's change to the open project's Blueprint is never written silently: it is proposed
   * as a `blueprint.patch` decision (from the file as it is here to theirs), judged by the constitution
   * as any patch is.
   */
  #offerPulledBlueprint(): Promise<void> {
    const offer = async () => {
      const project = this.options.currentProject?.() ?? null;
      if (!project || !this.#opened) return;
      // Only this device's decisions say whether its file took a change in: each device takes it in itself.
      const mine = [...this.#decisions.values()].filter(runsHere);
      const proposal = await this.#opened.blueprints.pulledChange(project, mine);
      // Proposed for the owner here (the server takes proposals from people and the AI, never the system).
      if (proposal) await this.propose(proposal.effect, proposal.why, { actor: this.owner, project });
    };
    const run = this.#offering.then(offer).catch((error: unknown) => {
      this.#log('warn', 'Another device’s Blueprint change could not be offered', { error: String(error) });
    });
    this.#offering = run;
    return run;
  }

  /** This device's Blueprint changes the server refused (another device's came first). */
  async blueprintConflicts(): Promise<BlueprintConflict[]> {
    const { blueprints } = await this.#ready();
    return blueprints.conflicts([...this.#decisions.values()]);
  }

  async compareBlueprint(id: string): Promise<BlueprintComparison> {
    return (await this.#ready()).blueprints.compare(id);
  }

  /** A refused Blueprint change made again on the newest version and proposed, by `given`, as a decision. */
  async rebaseBlueprint(id: string, given: Actor = this.owner): Promise<ProposalResult> {
    const { blueprints } = await this.#ready();
    const project = this.options.currentProject?.() ?? null;
    if (!project) throw new CoreError('NO_WORKSPACE', { code: 'ERROR_NO_FOLDER_OPEN' });
    const proposal = await blueprints.rebase(id, project);
    return this.propose(proposal.effect, proposal.why, { actor: this.#person(given), project });
  }

  /** Expiry and escalation run here only while no server decides them. */
  #arm(decision: Decision): void {
    if (this.#signedInAs === null) this.#timers.schedule(decision);
  }

  /** The owner on this computer, acting as the signed-in server user. */
  #person(actor: Actor): Actor {
    const local = actor.kind === this.#localOwner.kind && actor.id === this.#localOwner.id;
    return local ? this.owner : actor;
  }

  /** Runs an approved decision through the executors, once; a failure is recorded, not thrown. */
  #carryOut(id: string): Promise<{ decision: Decision; secret?: string }> {
    const controller = new AbortController();
    const run = this.#run(id, controller);
    this.#running.set(controller, run);
    return run;
  }

  async #run(id: string, controller: AbortController): Promise<{ decision: Decision; secret?: string }> {
    const { decisions, blueprints } = this.#opened as Opened;
    let secret: string | undefined;
    let written: WrittenBlueprint | undefined;
    // A Blueprint a decision wrote goes into the project's Blueprint stream with the decision's result.
    const alongside = async (started: Decision) => {
      const write = written && (await blueprints.changeWrite(written, started, SYSTEM_ACTOR).catch(this.#unrecorded));
      return write ? [write] : [];
    };
    try {
      const decision = await decisions.execute(
        id,
        SYSTEM_ACTOR,
        async (_decision, warrant) => {
          const done = await this.#executors.carryOut(warrant, controller.signal);
          secret = done.secret;
          written = done.blueprint;
          return done.record;
        },
        alongside,
      );
      if (secret !== undefined) this.#secrets.set(id, secret);
      return { decision: this.#remember(decision), ...(secret !== undefined ? { secret } : {}) };
    } catch (error) {
      if (isConflict(error)) this.#log('warn', 'A decision was already run', { decisionId: id });
      else this.#log('warn', 'A decision failed', { decisionId: id, error: String(error) });
      return { decision: this.#remember(await decisions.get(id)) };
    } finally {
      this.#running.delete(controller);
      this.#changed('decision', id);
      // The file is what it is now: another device's change it does not have (an offer refused because
      // the file changed after it was made, say) is offered again.
      if (this.#decisions.get(id)?.kind === 'blueprint.patch') void this.#offerPulledBlueprint();
    }
  }

  /** The file is written: a stream that cannot be read or a key that cannot be minted must not fail the decision. */
  #unrecorded = (error: unknown): null => {
    this.#log('warn', 'A Blueprint change was not recorded in its stream', { error: String(error) });
    return null;
  };

  async #due(id: string, step: DueStep): Promise<void> {
    if (this.#closed || !this.#opened) return;
    const { decisions } = this.#opened;
    try {
      const next =
        step === 'expire' ? await decisions.expire(id) : await decisions.escalate(id, { code: 'DECISION_UNANSWERED' });
      this.#remember(next);
      this.#arm(next);
      this.#changed('decision', id, step === 'escalate');
    } catch (error) {
      if (!isConflict(error))
        this.#log('warn', `Could not ${step} a decision`, { decisionId: id, error: String(error) });
    }
  }

  async #setControl(type: string, data: JsonObject, by: Actor): Promise<void> {
    if (by.kind !== this.owner.kind || by.id !== this.owner.id) {
      throw new CoreError('UNAUTHORIZED', { code: 'ERROR_OWNER_ONLY_CONTROLS' });
    }
    await this.#controlsWrite(async ({ audit }) => {
      const event: NewEvent = { type, data, meta: { actor: by } };
      const { results } = await audit.recordWith(
        { occurredAt: new Date().toISOString(), actor: by, action: type, subject: 'ai-controls', data },
        [{ streamId: AI_CONTROLS_STREAM, expectedVersion: this.#controls.controlsVersion, events: [event] }],
      );
      for (const stored of results[0]?.events ?? []) this.#controls.apply(stored);
    });
    this.#changed('controls');
  }

  /** Control and usage writes one at a time, so their expected versions never race each other. */
  async #controlsWrite(write: (opened: Opened) => Promise<void>): Promise<void> {
    const opened = await this.#ready();
    const run = this.#controlsQueue.then(() => write(opened));
    this.#controlsQueue = run.catch(() => {});
    await run;
  }

  #remember(decision: Decision): Decision {
    this.#decisions.set(decision.id, decision);
    return decision;
  }

  #changed(
    reason: GovernanceChange['reason'],
    decisionId?: string,
    newPending?: boolean,
    notice?: SystemMessage,
  ): void {
    this.options.onChange?.({
      pendingCount: this.pendingCount(),
      reason,
      ...(decisionId ? { decisionId } : {}),
      ...(newPending ? { newPending } : {}),
      ...(notice ? { notice } : {}),
    });
  }

  async #ready(): Promise<Opened> {
    await this.ready;
    if (this.#closed || !this.#opened) throw new CoreError('INTERNAL', 'Governance is closed.');
    return this.#opened;
  }

  #log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void {
    this.options.log?.(level, message, fields);
  }
}
