import { z } from 'zod';
import { featureContract, method } from '../contracts/api/method.js';
import { Constitution, ConstitutionDraft } from '../contracts/constitution.js';
import { Actor, Instant, JsonObject } from '../contracts/events.js';
import {
  AuditVerification,
  Decision,
  DecisionKind,
  DecisionReason,
  DecisionStatus,
  RiskLevel,
} from '../contracts/governance.js';
import { SystemMessage } from '../contracts/messages/system-message.js';

const none = z.object({}).strict();
const Comment = z.string().max(4_000).default('');
const DecisionIdInput = z.object({ id: z.string().min(1).max(100) }).strict();

export const DecisionFilter = z
  .object({
    /** Which states to list; the ones awaiting review (pending, escalated) when absent. */
    status: z.array(DecisionStatus).max(8).optional(),
    risk: z.array(RiskLevel).max(4).optional(),
    kind: z.array(DecisionKind).max(50).optional(),
    limit: z.number().int().min(1).max(1_000).default(200),
  })
  .strict();
export type DecisionFilter = z.input<typeof DecisionFilter>;

/** What a decision would change, for the Inbox's diff editor: the text before and after. */
export const DecisionDiff = z.object({
  path: z.string(),
  before: z.string(),
  after: z.string(),
  /** Why no `after` could be computed (a patch that no longer applies), as a system message. */
  problem: SystemMessage.optional(),
});
export type DecisionDiff = z.infer<typeof DecisionDiff>;

export const DecisionDetails = z.object({
  decision: Decision,
  diff: DecisionDiff.optional(),
  /** The command line, for command runs. */
  command: z.string().optional(),
  /** How the command would run: as a program and its arguments, or through a shell on this computer. */
  runner: z.object({ shell: z.boolean(), note: SystemMessage }).optional(),
  /** Paths that lead somewhere else through links: as written, and where they led when proposed. */
  links: z.array(z.object({ path: z.string(), resolved: z.string() })).optional(),
  /** The Inbox's one line: "critical: deletes outside the project (/var/www)". */
  riskLine: SystemMessage,
  /** For a command: where it runs (the sandbox and its network, folders and limits, or the host), in one line. */
  sandbox: SystemMessage.optional(),
});
export type DecisionDetails = z.infer<typeof DecisionDetails>;

/** An action the AI (or another agent) proposes. */
export const ProposedActionInput = z
  .object({
    kind: DecisionKind,
    payload: JsonObject,
    rationale: z.string().max(20_000),
    /** The proposer's own estimate: it can raise the risk, never lower it. */
    risk: RiskLevel.optional(),
  })
  .strict();
export type ProposedActionInput = z.input<typeof ProposedActionInput>;

/**
 * What became of a proposal: carried out at once (the constitution allows it), waiting in the Inbox,
 * or refused (forbidden, the kill switch, AI off for the project, over budget).
 */
export const ProposalOutcome = z.object({
  outcome: z.enum(['executed', 'failed', 'pending', 'refused']),
  decision: Decision.optional(),
  reasons: z.array(DecisionReason),
});
export type ProposalOutcome = z.infer<typeof ProposalOutcome>;

export const AiBudget = z
  .object({
    /** Daily limits (UTC days); null: no limit. */
    tokensPerDay: z.number().int().positive().nullable(),
    costPerDay: z.number().positive().nullable(),
    /** Over a limit, AI requests are refused, or every AI action needs approval. */
    whenExceeded: z.enum(['refuse', 'require-approval']),
  })
  .strict();
export type AiBudget = z.infer<typeof AiBudget>;

/** The owner's controls over the AI, kept as events. */
export const AiControls = z.object({
  killSwitch: z.object({ engaged: z.boolean(), at: Instant.optional(), by: Actor.optional() }),
  budget: AiBudget,
  usageToday: z.object({ day: z.string(), tokens: z.number(), cost: z.number() }),
  overBudget: z.boolean(),
  /** Projects (absolute folders) where the owner turned the AI off. */
  disabledProjects: z.array(z.string()),
  /** Whether the AI is on for the open project (null when none is open). */
  currentProjectEnabled: z.boolean().nullable(),
});
export type AiControls = z.infer<typeof AiControls>;

export const AuditStatus = z.object({ verification: AuditVerification, checkedAt: Instant });
export type AuditStatus = z.infer<typeof AuditStatus>;

export const GovernanceOverview = z.object({
  /** Decisions waiting for the owner (pending or escalated). */
  pendingCount: z.number().int().nonnegative(),
  /** Whether the store has opened (it opens in the background at start). */
  ready: z.boolean(),
});
export type GovernanceOverview = z.infer<typeof GovernanceOverview>;

/** A proposal the constitution or the owner's controls refused: nothing was filed and nothing ran. */
export const DecisionRefusal = z.object({
  at: Instant,
  actor: Actor,
  kind: DecisionKind,
  /** What it would have touched: the command line or the path, shortened. */
  subject: z.string(),
  reasons: z.array(DecisionReason),
});
export type DecisionRefusal = z.infer<typeof DecisionRefusal>;

/** Approving or proposing may carry a decision out at once, a command included (its own limit is ten minutes). */
const CARRY_OUT_MS = 15 * 60_000;

/** The governance part of the API table: methods and event streams. */
export const governanceMethods = {
  'governance.overview': method(none, GovernanceOverview, 'How many decisions wait for the owner.'),
  'governance.list': method(DecisionFilter, z.object({ decisions: z.array(Decision) }), 'Decisions, newest first.'),
  'governance.get': method(DecisionIdInput, DecisionDetails, 'One decision with its diff or command and its risk.'),
  'governance.refusals': method(
    z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    z.object({ refusals: z.array(DecisionRefusal) }),
    'Proposals that were refused, newest first, each with its reasons in English and Arabic.',
  ),
  'governance.approve': method(
    DecisionIdInput.extend({ comment: Comment }).strict(),
    Decision,
    'Approve a decision; once its quorum is reached it runs, once (a command may take minutes).',
    { timeoutMs: CARRY_OUT_MS },
  ),
  'governance.reject': method(
    DecisionIdInput.extend({ comment: Comment }).strict(),
    Decision,
    'Reject a decision as the owner: it never runs.',
  ),
  'governance.propose': method(
    ProposedActionInput,
    ProposalOutcome,
    'Propose an action as the AI, for the open project: the constitution decides what becomes of it.',
    { timeoutMs: CARRY_OUT_MS },
  ),
  'governance.constitution': method(
    none,
    z.object({ constitution: Constitution, jsonSchema: z.record(z.string(), z.unknown()), owner: Actor }),
    'The constitution in force, its JSON Schema, and who may change it.',
  ),
  'governance.updateConstitution': method(
    ConstitutionDraft,
    Constitution,
    'Replace the rules (owner only); every change is recorded in the audit log.',
  ),
  'governance.controls': method(none, AiControls, "The owner's AI controls and today's usage."),
  'governance.setKillSwitch': method(
    z.object({ engaged: z.boolean() }).strict(),
    AiControls,
    'Stop every AI action at once, or let the AI act again.',
  ),
  'governance.setBudget': method(AiBudget, AiControls, 'Daily AI token and cost limits.'),
  'governance.setProjectAi': method(
    z.object({ enabled: z.boolean(), project: z.string().min(1).max(4_096).optional() }).strict(),
    AiControls,
    'Turn the AI on or off for a project (the open one by default).',
  ),
  'governance.auditVerify': method(none, AuditStatus, 'Recompute the audit chain and name the first broken entry.', {
    timeoutMs: 5 * 60_000,
  }),
} as const;

export const governanceEvents = {
  /** Something in governance changed: a decision, the constitution, the AI controls, the audit log. */
  'governance.changed': z.object({
    pendingCount: z.number().int().nonnegative(),
    reason: z.enum(['decision', 'refusal', 'constitution', 'controls', 'ready']),
    decisionId: z.string().optional(),
    /** Set when a new decision starts waiting for the owner (the Inbox notifies). */
    newPending: z.boolean().optional(),
    /** What the owner is told beyond the change (a decision approved elsewhere ran here, after a sync). */
    notice: SystemMessage.optional(),
  }),
} as const;

/** The governance feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const governanceContract = featureContract('governance', governanceMethods, governanceEvents);
