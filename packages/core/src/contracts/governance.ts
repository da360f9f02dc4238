import { z } from 'zod';
import { Actor, EventId, Instant, JsonObject } from './events.js';
import { MessageParam, SystemMessage } from './messages/system-message.js';

/** The kinds of action the constitution has rules for. */
export const KnownDecisionKind = z.enum([
  'blueprint.patch',
  'file.write',
  'command.run',
  'dependency.add',
  'deploy',
  'secret.read',
]);
export type KnownDecisionKind = z.infer<typeof KnownDecisionKind>;

/** A known kind or any other dotted name; an unknown kind is allowed in, and the constitution makes it wait for approval. */
export const DecisionKind = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'must be a dotted lower-case name, e.g. file.write');
export type DecisionKind = z.infer<typeof DecisionKind>;

export function isKnownDecisionKind(kind: string): kind is KnownDecisionKind {
  return KnownDecisionKind.safeParse(kind).success;
}

/** A decision's kind as words in the reader's language: a known kind by its catalogue code, any other as written. */
export function decisionKindWords(kind: string): MessageParam {
  return isKnownDecisionKind(kind) ? { code: `DECISION_KIND_${kind.replace('.', '_').toUpperCase()}` } : kind;
}

export const RiskLevel = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskLevel = z.infer<typeof RiskLevel>;

/** `none`: no network; `registry`: the package registry through a filtering proxy; `host`: the host's network. */
export const SandboxNetwork = z.enum(['none', 'registry', 'host']);
export type SandboxNetwork = z.infer<typeof SandboxNetwork>;

/** `required`: the command runs isolated; `host`: on the host with WebNova's rights (the owner decides each). */
export const SandboxRun = z.enum(['required', 'host']);
export type SandboxRun = z.infer<typeof SandboxRun>;

/**
 * The sandbox a command decision runs under, compiled from the rules that matched it: shown in the
 * Inbox before approval, carried by the decision, and what its executor gives the runner.
 */
export const SandboxProfile = z
  .object({
    run: SandboxRun,
    network: SandboxNetwork,
    /** The project's folders the command may write; none named: the whole project but its `.git`. */
    writablePaths: z.array(z.string().max(500)).max(50),
    limits: z
      .object({
        memoryMb: z.number().int().positive(),
        cpuSeconds: z.number().int().positive(),
        wallSeconds: z.number().int().positive(),
        processes: z.number().int().positive(),
        writtenMb: z.number().int().positive(),
      })
      .strict(),
    /** The rules that set any of it, in the order they applied. */
    rules: z.array(z.string().max(100)).max(1000),
  })
  .strict();
export type SandboxProfile = z.infer<typeof SandboxProfile>;

/**
 * pending → approved | rejected | expired | escalated; escalated → approved | rejected | expired;
 * approved → executing → executed | failed. `executing` is the run-once marker: an action whose run
 * was interrupted stays `executing` and is never started again.
 */
export const DecisionStatus = z.enum([
  'pending',
  'escalated',
  'approved',
  'rejected',
  'expired',
  'executing',
  'executed',
  'failed',
]);
export type DecisionStatus = z.infer<typeof DecisionStatus>;

/**
 * Why an action carries its risk or its verdict: a system message (a code and the values it names,
 * put into words by the UI or the CLI), its level, and the rule's id when a rule said it. Reasons
 * stored before messages became codes also carry their words in both languages (`message`).
 */
export const DecisionReason = z
  .object({
    code: z.string().max(100),
    risk: RiskLevel.optional(),
    params: z.record(z.string(), MessageParam).optional(),
    message: z
      .object({ en: z.string().max(2_000), ar: z.string().max(2_000) })
      .strict()
      .optional(),
    ruleId: z.string().max(100).optional(),
  })
  .strict();
export type DecisionReason = z.infer<typeof DecisionReason>;

/**
 * A path or program of a proposal and where it really led when proposed (project-relative, or absolute
 * outside the project), so that carrying it out later can refuse a target that has moved since.
 */
export const DecisionTarget = z
  .object({
    kind: z.enum(['path', 'program']),
    path: z.string().max(4_096),
    resolved: z.string().max(4_096),
  })
  .strict();
export type DecisionTarget = z.infer<typeof DecisionTarget>;

/** What an AI (or a person) proposes. The proposer is the event's actor. */
export const DecisionProposal = z
  .object({
    kind: DecisionKind,
    /** Why, in words: the proposer's own (an AI model's, a person's), or core's in English for logs. */
    rationale: z.string().max(20_000),
    /** Why, when core says it (the AI's turn: the patch summary and the request): the UI translates it. */
    rationaleMessage: SystemMessage.optional(),
    /** What the action would do: the diff, the command, the dependency… shaped by its kind. */
    payload: JsonObject,
    risk: RiskLevel,
    /** When an unanswered decision expires (rejected automatically). */
    expiresAt: Instant.optional(),
    /** When an unanswered decision is escalated. */
    escalateAt: Instant.optional(),
    /** k of n: how many distinct people must approve (1 when absent), and who may (anyone when absent). */
    quorum: z.number().int().min(1).max(20).optional(),
    approvers: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
    /** The project folder the action is for (absolute): where its executor works. */
    project: z.string().min(1).max(4_096).optional(),
    /** The risk assessment's and the constitution's reasons, for the Inbox. */
    reasons: z.array(DecisionReason).max(100).optional(),
    /** Where its paths and programs led on disk when proposed. */
    targets: z.array(DecisionTarget).max(500).optional(),
    /** For a command: the sandbox it runs under, as the constitution compiled it when proposed. */
    sandbox: SandboxProfile.optional(),
  })
  .strict();
export type DecisionProposal = z.input<typeof DecisionProposal>;

/** A person's comment (their words), or the system's: its English and its message. */
const Review = z
  .object({ comment: z.string().max(4_000).default(''), commentMessage: SystemMessage.optional() })
  .strict();

/**
 * The data of each event in a `decision-<id>` stream. The actor of each step (who proposed,
 * approved, ran it) is the event's `meta.actor`.
 */
export const DecisionEventData = {
  'decision.proposed': DecisionProposal,
  /** Why, in English, and as a system message (steps stored before messages were codes have words only). */
  'decision.escalated': z
    .object({ reason: z.string().min(1).max(4_000), reasonMessage: SystemMessage.optional() })
    .strict(),
  /** One approval short of the quorum: the decision keeps waiting for the others. */
  'decision.endorsed': Review,
  'decision.approved': Review,
  'decision.rejected': Review,
  'decision.expired': z.object({}).strict(),
  'decision.executing': z.object({}).strict(),
  'decision.executed': z.object({ result: JsonObject.default({}) }).strict(),
  /** `result`: what the action had done when it failed (a command's output, exit code and limit), when it says. */
  'decision.failed': z
    .object({ error: z.string().max(20_000), errorMessage: SystemMessage.optional(), result: JsonObject.optional() })
    .strict(),
} as const;
export type DecisionEventType = keyof typeof DecisionEventData;
export const DecisionEventType = z.enum(Object.keys(DecisionEventData) as [DecisionEventType, ...DecisionEventType[]]);

/** A decision as the Inbox shows it: the proposal folded with everything that happened to it since. */
export const Decision = z.object({
  id: EventId,
  kind: DecisionKind,
  actor: Actor,
  rationale: z.string(),
  rationaleMessage: SystemMessage.optional(),
  payload: JsonObject,
  risk: RiskLevel,
  status: DecisionStatus,
  proposedAt: Instant,
  updatedAt: Instant,
  expiresAt: Instant.optional(),
  escalateAt: Instant.optional(),
  quorum: z.number().int().positive().optional(),
  approvers: z.array(z.string()).optional(),
  project: z.string().optional(),
  reasons: z.array(DecisionReason).optional(),
  targets: z.array(DecisionTarget).optional(),
  sandbox: SandboxProfile.optional(),
  /** Every approval so far, the last one included (k of n). */
  approvals: z
    .array(z.object({ by: Actor, comment: z.string(), commentMessage: SystemMessage.optional(), at: Instant }))
    .optional(),
  /** The approval or rejection, once there is one. */
  review: z
    .object({
      verdict: z.enum(['approved', 'rejected']),
      by: Actor,
      comment: z.string(),
      commentMessage: SystemMessage.optional(),
      at: Instant,
    })
    .optional(),
  escalation: z.object({ reason: z.string(), reasonMessage: SystemMessage.optional(), at: Instant }).optional(),
  outcome: z
    .object({
      by: Actor,
      startedAt: Instant,
      result: JsonObject.optional(),
      /** Why it failed, in English (logs, the CLI), and as a system message when core said it. */
      error: z.string().optional(),
      errorMessage: SystemMessage.optional(),
    })
    .optional(),
  /** The version of the decision's stream: the expected version of its next step. */
  version: z.number().int().positive(),
  /**
   * Where it was proposed, once the governance server holds it: the proposing device (its server id;
   * null when the server's own routes took it), and whether that is this one, the device that runs it.
   */
  origin: z.object({ deviceId: z.string().nullable(), here: z.boolean() }).optional(),
});
export type Decision = z.infer<typeof Decision>;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase SHA-256 hex digest');

/** What happened, as a caller records it in the audit log. */
export const AuditRecord = z
  .object({
    occurredAt: Instant,
    actor: Actor,
    /** Usually the event type it records: `decision.approved`, `constitution.changed`, `ai.killSwitchUsed`. */
    action: z.string().min(1).max(100),
    /** What it happened to: `decision:<id>`, `constitution`, a path… */
    subject: z.string().min(1).max(500),
    data: JsonObject,
  })
  .strict();
export type AuditRecord = z.infer<typeof AuditRecord>;

/**
 * One link of the audit chain. `hash` is SHA-256 over the canonical JSON of
 * `{seq, prevHash, occurredAt, actor, action, subject, data}`; `prevHash` is the previous entry's
 * hash (64 zeros for the first).
 */
export const AuditEntry = AuditRecord.extend({
  seq: z.number().int().positive(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
}).strict();
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `anchor`: the chain is intact in itself but disagrees with the count or head hash kept elsewhere. */
export const AuditProblem = z.enum(['malformed', 'sequence', 'link', 'hash', 'anchor']);
export type AuditProblem = z.infer<typeof AuditProblem>;

/**
 * Why a device's audit entry, pushed to the tenant, does not continue the segment it belongs to:
 * `evidence`: the chain hash it came with is not the entry's own hash; `hash`: the entry does not hash to
 * its `hash` (edited); `sequence`: it is not numbered right after the segment's head (dropped or
 * reordered entries); `link`: its `prevHash` is not the head's hash, or it continues nothing the tenant holds.
 */
export const SegmentBreak = z.enum(['evidence', 'hash', 'sequence', 'link']);
export type SegmentBreak = z.infer<typeof SegmentBreak>;

export const AuditVerification = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), count: z.number().int().nonnegative(), headHash: Sha256Hex }),
  z.object({
    ok: z.literal(false),
    /** The seq (1-based position) of the first entry that does not check out. */
    brokenAt: z.number().int().positive(),
    problem: AuditProblem,
    /** Why, in English (the CLI, logs), and as a message the UI puts into its language. */
    reason: z.string(),
    reasonMessage: SystemMessage.optional(),
  }),
]);
export type AuditVerification = z.infer<typeof AuditVerification>;
