import picomatch from 'picomatch';
import type { z } from 'zod';
import {
  type CheckedConstitution,
  type CommandFacts,
  type CommandPattern,
  Constitution,
  ConstitutionAction,
  type ConstitutionVerdict,
  type GovernanceReason,
  type RiskCondition,
} from '../contracts/constitution.js';
import { CoreError } from '../contracts/errors.js';
import { isKnownDecisionKind, type RiskLevel } from '../contracts/governance.js';
import { programName } from './command-line-facts.js';
import { durationMs } from './constitution-duration.js';
import { canonicalSegment } from './path-spelling.js';
import { compileSandboxProfile, ownerOnlyReasons } from './sandbox-profile.js';

type Rule = CheckedConstitution['rules'][number];
type Action = z.output<typeof ConstitutionAction>;

const RISK_ORDER: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];
export const riskRank = (risk: RiskLevel) => RISK_ORDER.indexOf(risk);

function parsed<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new CoreError('INVALID_INPUT', `${what} is not valid.`, result.error.issues);
  return result.data;
}

// Case is ignored: on the file systems of macOS and Windows `.ENV` is `.env`.
const globCache = new Map<string, (text: string) => boolean>();
function glob(pattern: string): (text: string) => boolean {
  let matcher = globCache.get(pattern);
  if (!matcher) {
    matcher = picomatch(pattern, { dot: true, nocase: true });
    globCache.set(pattern, matcher);
  }
  return matcher;
}

const anyGlob = (patterns: readonly string[], text: string) => patterns.some((pattern) => glob(pattern)(text));

/** Paths as globs see them: forward slashes, no leading `./` or `/`, `a/../b` resolved, one spelling per name. */
export function pathForMatching(path: string): string {
  const segments: string[] = [];
  for (const written of path.replace(/\\/g, '/').split('/')) {
    const segment = canonicalSegment(written);
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && segments.length && segments.at(-1) !== '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

/** A restricting rule also sees a path outside the project without its leading `../`: `../.env` is a `.env`. */
function pathMatches(patterns: readonly string[], path: string, restricting: boolean): boolean {
  const normal = pathForMatching(path);
  if (anyGlob(patterns, normal)) return true;
  return restricting && anyGlob(patterns, normal.replace(/^(\.\.\/)+/, ''));
}

function riskMatches(condition: RiskCondition, risk: RiskLevel): boolean {
  const rank = riskRank(risk);
  if ('atLeast' in condition) return rank >= riskRank(condition.atLeast);
  if ('atMost' in condition) return rank <= riskRank(condition.atMost);
  return risk === condition.exactly;
}

function hasFlag(argv: readonly string[], alternatives: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = (end === -1 ? argv : argv.slice(0, end)).slice(1);
  return alternatives.some((flag) =>
    flag.startsWith('--')
      ? options.some((arg) => arg === flag || arg.startsWith(`${flag}=`))
      : options.some((arg) => /^-[A-Za-z0-9]+$/.test(arg) && arg.includes(flag.slice(1))),
  );
}

/** `args` globs, each matched by a whole argument, in order, with anything in between. */
function argsInOrder(args: readonly string[], patterns: readonly string[]): boolean {
  let next = 0;
  for (const arg of args) {
    if (next < patterns.length && glob(patterns[next] as string)(arg)) next++;
  }
  return next === patterns.length;
}

export function commandMatches(pattern: CommandPattern, command: CommandFacts): boolean {
  if (!glob(pattern.program)(programName(command.argv[0] ?? ''))) return false;
  if (pattern.args && !argsInOrder(command.argv.slice(1), pattern.args)) return false;
  for (const flag of pattern.flags ?? []) {
    if (!hasFlag(command.argv, typeof flag === 'string' ? [flag] : flag)) return false;
  }
  if (pattern.pipedTo && !command.pipedTo.some((program) => anyGlob(pattern.pipedTo ?? [], program))) return false;
  return true;
}

/**
 * A restricting rule (forbid, require-approval) applies when any path, command or dependency of the
 * action matches, and when what it asks about is unknown (no actor, no environment): doubt restricts.
 * An allow rule applies only when it covers everything the action touches, so allowing `docs/**` never
 * lets through a write that also touches `.github/`.
 */
function ruleMatches(rule: Rule, action: Action): boolean {
  const restricting = rule.effect !== 'allow';
  const covers = <T>(items: readonly T[], test: (item: T) => boolean) =>
    restricting ? items.some(test) : items.length > 0 && items.every(test);

  if (rule.kind !== '*' && rule.kind !== action.kind) return false;
  // A line that needs a shell is more than the commands a rule can see: only a person lets it run.
  if (!restricting && action.shell) return false;
  if (rule.actors && !(action.actor ? rule.actors.includes(action.actor.kind) : restricting)) return false;
  if (rule.risk && !riskMatches(rule.risk, action.risk)) return false;
  if (rule.environments && !(action.environment ? anyGlob(rule.environments, action.environment) : restricting)) {
    return false;
  }
  const paths = rule.paths;
  if (paths && !covers(action.paths, (path) => pathMatches(paths, path, restricting))) return false;
  const commands = rule.commands;
  if (commands && !covers(action.commands, (command) => commands.some((pattern) => commandMatches(pattern, command)))) {
    return false;
  }
  const dependencies = rule.dependencies;
  if (dependencies && !covers(action.dependencies, (name) => anyGlob(dependencies, name))) return false;
  return true;
}

/** A rule's verdict as a message; the owner's description of the rule (data in both languages) says why. */
function ruleReason(rule: Rule, code: string): GovernanceReason {
  const why = rule.description;
  return {
    code,
    ruleId: rule.id,
    params: { rule: rule.id, ...(why ? { description: why, context: 'BECAUSE' } : {}) },
  };
}

const minimum = (values: number[]) => (values.length ? Math.min(...values) : undefined);

/**
 * What the constitution says about an action. Forbid always wins; then require-approval (the largest
 * quorum, the shortest expiry and escalation among the matching rules); then allow. An unknown kind
 * needs approval whatever allows it, and so does an action no rule covers: the constitution denies by
 * default, asking rather than refusing, so a gap in the rules never lets anything through unseen.
 */
export function evaluateConstitution(constitution: Constitution, action: ConstitutionAction): ConstitutionVerdict {
  const rules = parsed(Constitution, constitution, 'The constitution').rules;
  const subject = parsed(ConstitutionAction, action, 'The action');
  const matched = rules.filter((rule) => ruleMatches(rule, subject));
  const matchedRules = matched.map((rule) => rule.id);

  const forbids = matched.filter((rule) => rule.effect === 'forbid');
  if (forbids.length) {
    return {
      effect: 'forbid',
      matchedRules,
      reasons: forbids.map((rule) => ruleReason(rule, 'FORBIDDEN_BY_RULE')),
    };
  }

  const approvals = matched.flatMap((rule) => (rule.effect === 'require-approval' ? [rule] : []));
  const reasons: GovernanceReason[] = approvals.map((rule) => ruleReason(rule, 'APPROVAL_REQUIRED_BY_RULE'));
  const sandbox = subject.kind === 'command.run' ? compileSandboxProfile(matched, subject.host) : undefined;
  const ownerOnly = sandbox ? ownerOnlyReasons(sandbox) : [];
  reasons.push(...ownerOnly);
  if (!isKnownDecisionKind(subject.kind)) {
    reasons.push({ code: 'KIND_NEEDS_APPROVAL', params: { kind: subject.kind } });
  }
  const allows = matched.filter((rule) => rule.effect === 'allow');
  if (!approvals.length && !allows.length) {
    reasons.push({ code: 'NO_RULE' });
  }
  if (reasons.length) {
    const strictest = approvals.reduce<(typeof approvals)[number] | undefined>(
      (best, rule) => (best && best.approval.quorum >= rule.approval.quorum ? best : rule),
      undefined,
    );
    const expiresInMs = minimum(approvals.flatMap((rule) => rule.approval.expiresAfter ?? []).map(durationMs));
    const escalateAfterMs = minimum(approvals.flatMap((rule) => rule.approval.escalateAfter ?? []).map(durationMs));
    const roles = ownerOnly.length ? ownerRoles(strictest?.approval.roles) : strictest?.approval.roles;
    return {
      effect: 'require-approval',
      matchedRules,
      quorum: strictest?.approval.quorum ?? 1,
      ...(strictest?.approval.approvers ? { approvers: strictest.approval.approvers } : {}),
      ...(roles ? { approverRoles: roles } : {}),
      ...(expiresInMs !== undefined ? { expiresInMs } : {}),
      ...(escalateAfterMs !== undefined ? { escalateAfterMs } : {}),
      reasons,
      ...(sandbox ? { sandbox } : {}),
    };
  }
  return {
    effect: 'allow',
    matchedRules,
    reasons: allows.map((rule) => ruleReason(rule, 'ALLOWED_BY_RULE')),
    ...(sandbox ? { sandbox } : {}),
  };
}

type ApproverRole = 'sovereign' | 'owner' | 'member';

/** Who may approve what only an owner grants: the rule's roles without members, else the owners. */
function ownerRoles(ruleRoles: readonly ApproverRole[] | undefined): ApproverRole[] {
  const owners = (ruleRoles ?? []).filter((role) => role !== 'member');
  return owners.length ? owners : ['sovereign', 'owner'];
}
