import { z } from 'zod';
import { LocalizedText } from './blueprint.js';
import { Actor, Instant } from './events.js';
import { DecisionKind, RiskLevel, SandboxNetwork, SandboxProfile, SandboxRun } from './governance.js';
import { MessageParam } from './messages/system-message.js';

/**
 * A length of time: milliseconds, or an ISO 8601 duration in weeks, days, hours, minutes and seconds
 * (`PT30M`, `P1DT12H`, `P2W`). Months and years are refused: their length depends on the calendar.
 */
export const ConstitutionDuration = z.union([
  z
    .number()
    .int()
    .positive()
    .max(366 * 24 * 3_600_000),
  z
    .string()
    .regex(
      /^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
      'must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, e.g. PT30M or P1D',
    ),
]);
export type ConstitutionDuration = z.infer<typeof ConstitutionDuration>;

/** `atLeast: high` matches high and critical; `exactly` one level; `atMost: low` only low. */
export const RiskCondition = z.union([
  z.object({ atLeast: RiskLevel }).strict(),
  z.object({ exactly: RiskLevel }).strict(),
  z.object({ atMost: RiskLevel }).strict(),
]);
export type RiskCondition = z.infer<typeof RiskCondition>;

/** A flag as written (`-r`, `--force`) or alternatives that mean the same (`['-r', '-R', '--recursive']`). */
const FlagPattern = z.union([
  z.string().regex(/^(-[A-Za-z0-9]|--[A-Za-z0-9][A-Za-z0-9-]*)$/, 'must be a flag like -r or --force'),
  z.array(z.string().regex(/^(-[A-Za-z0-9]|--[A-Za-z0-9][A-Za-z0-9-]*)$/)).min(1),
]);

/**
 * Matches one simple command by its parsed argv, never by a regex over the command text (quoting and
 * spacing cannot dodge it). `program` is a glob over the program's base name (`/usr/bin/sudo` is
 * `sudo`); `args` are globs each matched by a whole argument, in this order, others may come between;
 * every `flags` entry must be present, short flags also inside bundles (`-rf` holds `-r` and `-f`);
 * `pipedTo` matches when the command's output flows, later in its pipeline, into one of these programs.
 */
export const CommandPattern = z
  .object({
    program: z.string().min(1).max(200),
    args: z.array(z.string().min(1).max(500)).max(50).optional(),
    flags: z.array(FlagPattern).max(20).optional(),
    pipedTo: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
  })
  .strict();
export type CommandPattern = z.infer<typeof CommandPattern>;

export const ConstitutionEffect = z.enum(['allow', 'require-approval', 'forbid']);
export type ConstitutionEffect = z.infer<typeof ConstitutionEffect>;

const UserId = z.string().min(1).max(200);

/** k of n: `quorum` distinct people (never the proposer) among `approvers`, or among anyone when absent. */
export const ApprovalPolicy = z
  .object({
    quorum: z.number().int().min(1).max(20).default(1),
    approvers: z.array(UserId).min(1).max(100).optional(),
    /**
     * Only the governance server's users holding one of these roles count ("2 of role owner"). The
     * server enforces it (it knows every user's role); a desktop signed out has one person, its owner.
     */
    roles: z
      .array(z.enum(['sovereign', 'owner', 'member']))
      .min(1)
      .max(3)
      .optional(),
    /** Unanswered for this long: the decision expires, which counts as rejected. */
    expiresAfter: ConstitutionDuration.optional(),
    /** Unanswered for this long: the decision is escalated. */
    escalateAfter: ConstitutionDuration.optional(),
  })
  .strict()
  .refine((policy) => !policy.approvers || new Set(policy.approvers).size >= policy.quorum, {
    message: 'quorum is larger than the number of distinct approvers',
    path: ['quorum'],
    // The issue as a system message too: the constitution editor shows it in the window's language.
    params: { message: { code: 'CONSTITUTION_QUORUM_TOO_LARGE' } },
  });
export type ApprovalPolicy = z.input<typeof ApprovalPolicy>;

/**
 * Limits a rule sets for the sandbox a command runs in; each one it leaves out keeps the value an
 * earlier rule (or the default) gave. Bounded so that a typo cannot hand a command the whole machine.
 */
export const SandboxLimitsSetting = z
  .object({
    memoryMb: z.number().int().min(16).max(65_536),
    cpuSeconds: z.number().int().min(1).max(86_400),
    wallSeconds: z.number().int().min(1).max(86_400),
    processes: z.number().int().min(1).max(65_536),
    writtenMb: z.number().int().min(1).max(1_048_576),
  })
  .partial()
  .strict();
export type SandboxLimitsSetting = z.infer<typeof SandboxLimitsSetting>;

/**
 * A project folder a command may write: once a rule names any, the rest of the project is read-only
 * (by default the whole project is writable but its `.git`). No absolute path, no way out, never `.git`.
 */
const WritableFolder = z
  .string()
  .min(1)
  .max(500)
  .refine(
    (path) =>
      !/^([/\\]|[A-Za-z]:)/.test(path) &&
      !path.split(/[/\\]/).some((segment) => segment === '..' || /^\.git[. ]*$/i.test(segment)),
    'must be a folder inside the project (not .git), e.g. build or .cache',
  );

/**
 * What a rule says about where a command runs: `required` or `host` alone, or the whole setting
 * (network, writable folders, limits). Rules that match a command merge from the broadest to the
 * narrowest (the one with more conditions), so a rule about `npm install` adjusts one about every
 * command wherever it stands; between equally narrow rules the later one wins.
 */
export const SandboxSetting = z.union([
  SandboxRun,
  z
    .object({
      run: SandboxRun.optional(),
      network: SandboxNetwork.optional(),
      writablePaths: z.array(WritableFolder).min(1).max(50).optional(),
      limits: SandboxLimitsSetting.optional(),
    })
    .strict(),
]);
export type SandboxSetting = z.infer<typeof SandboxSetting>;

const ruleFields = {
  /** Kebab-case, unique in the constitution: reasons and the audit log name rules by it. */
  id: z
    .string()
    .max(100)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. forbid-secret-files'),
  description: LocalizedText.optional(),
  /** A decision kind, or `*` for every kind. */
  kind: z.union([z.literal('*'), DecisionKind]),
  /** Who proposed it; any actor when absent. */
  actors: z
    .array(z.enum(['user', 'ai', 'system']))
    .min(1)
    .optional(),
  risk: RiskCondition.optional(),
  /** Globs over the paths the action touches (workspace-relative; outside ones as written). Case is ignored. */
  paths: z.array(z.string().min(1).max(500)).min(1).max(200).optional(),
  commands: z.array(CommandPattern).min(1).max(200).optional(),
  /** Globs over dependency names (`@types/*`, `left-pad`). */
  dependencies: z.array(z.string().min(1).max(214)).min(1).max(500).optional(),
  /** Globs over the environment a deploy or a secret belongs to (`production`, `staging`). */
  environments: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  /** Where a matched `command.run` runs and under which limits (see `SandboxSetting`). */
  sandbox: SandboxSetting.optional(),
};

export const ConstitutionRule = z.discriminatedUnion('effect', [
  z.object({ ...ruleFields, effect: z.literal('allow') }).strict(),
  z.object({ ...ruleFields, effect: z.literal('forbid') }).strict(),
  z
    .object({ ...ruleFields, effect: z.literal('require-approval'), approval: ApprovalPolicy.default({ quorum: 1 }) })
    .strict(),
  /**
   * Decides nothing: sets how a matched command runs (`sandbox` is required). It matches as a restricting
   * rule does, on any path or command it names, so a broad one cannot be dodged by adding a harmless step.
   */
  z.object({ ...ruleFields, effect: z.literal('configure'), sandbox: SandboxSetting }).strict(),
]);
export type ConstitutionRule = z.input<typeof ConstitutionRule>;

const ConstitutionRules = z
  .array(ConstitutionRule)
  .max(1000)
  .superRefine((rules, context) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        context.addIssue({
          code: 'custom',
          message: `rule id ${rule.id} is used twice`,
          path: [index, 'id'],
          params: { message: { code: 'CONSTITUTION_DUPLICATE_RULE', params: { id: rule.id } } },
        });
      }
      seen.add(rule.id);
    });
  });

/** The owner's constitution: what the AI may do, needs approval for, or may never do. */
export const Constitution = z
  .object({
    /** 1 for the first; each change made through `updateConstitution` adds one. */
    version: z.number().int().positive(),
    updatedAt: Instant,
    updatedBy: Actor,
    rules: ConstitutionRules,
  })
  .strict();
export type Constitution = z.input<typeof Constitution>;
export type CheckedConstitution = z.output<typeof Constitution>;

/**
 * What the owner submits. `baseVersion`, when given, is the version the edit started from: an edit of a
 * copy that has since changed is refused rather than silently overwriting the newer rules.
 */
export const ConstitutionDraft = z
  .object({ rules: ConstitutionRules, baseVersion: z.number().int().positive().optional() })
  .strict();
export type ConstitutionDraft = z.input<typeof ConstitutionDraft>;

/** A simple command as rules see it. `pipedTo`: the programs its output flows into, later in its pipeline. */
export const CommandFacts = z.object({ argv: z.array(z.string()).min(1), pipedTo: z.array(z.string()) }).strict();
export type CommandFacts = z.infer<typeof CommandFacts>;

/** An action as the constitution sees it: its kind, who proposed it, its risk and what it touches. */
export const ConstitutionAction = z
  .object({
    kind: DecisionKind,
    actor: Actor.optional(),
    risk: RiskLevel,
    paths: z.array(z.string()).default([]),
    commands: z.array(CommandFacts).default([]),
    dependencies: z.array(z.string()).default([]),
    environment: z.string().optional(),
    /** The command line needs a shell (it pipes, redirects, assigns…): no allow rule ever matches it. */
    shell: z.boolean().default(false),
    /** The proposal asks to run on the host (a command that needs what no sandbox gives it). */
    host: z.boolean().default(false),
  })
  .strict();
export type ConstitutionAction = z.input<typeof ConstitutionAction>;

/** One reason: a system message (code and values), and `ruleId` when a rule gave it. */
export const GovernanceReason = z.object({
  code: z.string(),
  params: z.record(z.string(), MessageParam).optional(),
  /** Only on reasons stored before messages became codes: their words in both languages. */
  message: LocalizedText.optional(),
  ruleId: z.string().optional(),
});
export type GovernanceReason = z.infer<typeof GovernanceReason>;

export const ConstitutionVerdict = z.object({
  effect: ConstitutionEffect,
  /** Every rule that matched, in constitution order, whether or not it decided. */
  matchedRules: z.array(z.string()),
  /** For require-approval: how many distinct people must approve, and who may. */
  quorum: z.number().int().positive().optional(),
  approvers: z.array(z.string()).optional(),
  /** The server's roles whose holders may approve (the strictest rule's). */
  approverRoles: z.array(z.enum(['sovereign', 'owner', 'member'])).optional(),
  expiresInMs: z.number().int().positive().optional(),
  escalateAfterMs: z.number().int().positive().optional(),
  reasons: z.array(GovernanceReason),
  /** For `command.run`: the sandbox it runs under, compiled from the matched rules. */
  sandbox: SandboxProfile.optional(),
});
export type ConstitutionVerdict = z.infer<typeof ConstitutionVerdict>;

export const RiskReason = GovernanceReason.extend({ risk: RiskLevel });
export type RiskReason = z.infer<typeof RiskReason>;

/** The risk of an action and why: the highest of its reasons. */
export const RiskAssessment = z.object({ risk: RiskLevel, reasons: z.array(RiskReason) });
export type RiskAssessment = z.infer<typeof RiskAssessment>;

/** The JSON Schema of a constitution as the owner writes it (defaults optional), for the editor's validation. */
export function constitutionJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(Constitution, { io: 'input', target: 'draft-2020-12' }), title: 'WebNova constitution' };
}
