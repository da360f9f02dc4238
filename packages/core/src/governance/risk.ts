import type { z } from 'zod';
import type { CommandFacts, ConstitutionAction, RiskAssessment, RiskReason } from '../contracts/constitution.js';
import type { Actor } from '../contracts/events.js';
import { type DecisionReason, isKnownDecisionKind, type RiskLevel } from '../contracts/governance.js';
import { formatMessage, type LocalizedValue, type SystemMessage } from '../contracts/messages/system-message.js';
import { commandLineFacts } from './command-line-facts.js';
import { constructMessages, planCommand } from './command-plan.js';
import { riskRank } from './constitution.js';
import { assessCommandLine } from './risk-commands.js';
import { dependencyReasons } from './risk-dependencies.js';
import { type PathContext, pathReasons } from './risk-paths.js';
import { riskLevelMessage, riskReason } from './risk-reasons.js';
import { textReasons } from './risk-text.js';

export type RiskContext = PathContext;

/**
 * An action as proposed: its kind, its payload and why. Payload fields read, whatever the kind:
 * `path`/`paths` (written; deleted with `delete: true`), `content`/`diff`/`patch` (the text written),
 * `command` (a shell line) or `argv`, `cwd`; for `dependency.add` `name`/`names`/`packages` and
 * `version`; for `command.run` `host: true` (asks to run outside the sandbox); for `secret.read` `name` and `environment`; for `deploy` `environment` or `target`.
 */
export interface ProposedAction {
  kind: string;
  payload: Record<string, unknown>;
  rationale?: string;
  actor?: Actor;
  /** The proposer's own estimate: it can raise the risk, never lower it. */
  risk?: RiskLevel;
}

export interface ProposalAssessment {
  assessment: RiskAssessment;
  /** The action as the constitution sees it, ready for `evaluateConstitution`. */
  action: z.output<typeof ConstitutionAction>;
}

const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Payload fields judged for what they are, not read as prose: a command, a path. */
const NOT_PROSE = new Set(['command', 'argv', 'path', 'paths', 'cwd']);

/** Every string in a payload but its commands and paths. */
function proseOf(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 20 || value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(value);
  return entries.flatMap(([key, v]) => (NOT_PROSE.has(key) ? [] : proseOf(v, depth + 1)));
}

const INSTALL_HOOKS = /"(preinstall|install|postinstall|prepare|prepublish|preuninstall|postuninstall)"\s*:/;

function dependenciesOf(payload: Record<string, unknown>): { name: string; version?: string }[] {
  const version = text(payload.version);
  const named = [...strings(payload.name), ...strings(payload.names)].map((name) => ({ name, version }));
  const packages = Array.isArray(payload.packages) ? payload.packages : [];
  for (const item of packages) {
    if (typeof item === 'string') named.push({ name: item, version });
    else if (item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string') {
      const entry = item as { name: string; version?: unknown };
      named.push({ name: entry.name, version: text(entry.version) ?? version });
    }
  }
  return named;
}

const PRODUCTION = /^(prod|production|live)([-_.].*)?$/i;

/** The risk of a proposed action and the facts the constitution's rules match on. */
export function assessProposal(proposed: ProposedAction, context: RiskContext = {}): ProposalAssessment {
  const { kind, payload } = proposed;
  const reasons: RiskReason[] = [];
  const paths: string[] = [];
  const dependencies: string[] = [];
  let commands: CommandFacts[] = [];
  let environment: string | undefined;

  if (!isKnownDecisionKind(kind)) reasons.push(riskReason('UNKNOWN_KIND', { kind }));

  const written = [...strings(payload.path), ...strings(payload.paths)];
  const access = payload.delete === true ? 'delete' : 'write';
  for (const path of written) {
    paths.push(path);
    reasons.push(...pathReasons(path, access, context));
  }
  const content = [text(payload.content), text(payload.diff), text(payload.patch)].filter((t) => t !== undefined);
  if (written.some((path) => /(^|[/\\])package\.json$/i.test(path))) {
    const hook = content.map((t) => INSTALL_HOOKS.exec(t)?.[1]).find(Boolean);
    if (hook) reasons.push(riskReason('INSTALL_SCRIPT', { script: hook }));
  }

  const plan = planCommand(payload);
  const cwd = text(payload.cwd);
  if (plan) {
    const facts = commandLineFacts(plan.line);
    const assessed = assessCommandLine(facts, cwd === undefined ? context : { ...context, cwd });
    reasons.push(...assessed.reasons);
    paths.push(...assessed.paths);
    dependencies.push(...assessed.dependencies);
    commands = facts.commands.map(({ argv, pipedTo }) => ({ argv, pipedTo }));
    if (plan.runner === 'shell')
      reasons.push(riskReason('SHELL_REQUIRED', { constructs: constructMessages(plan.constructs) }));
  }
  if (cwd !== undefined) {
    paths.push(cwd);
    reasons.push(...pathReasons(cwd, 'write', context));
  }
  // Rules see where each path really leads as well as how it was written.
  for (const path of [...paths]) {
    const target = context.targets?.paths.get(path);
    if (target !== undefined) paths.push(target);
  }

  switch (kind) {
    case 'file.write':
      if (!written.length) reasons.push(riskReason('NO_TARGET'));
      break;
    case 'command.run':
      if (!plan) reasons.push(riskReason('NO_TARGET'));
      break;
    case 'dependency.add': {
      const named = dependenciesOf(payload);
      if (!named.length) reasons.push(riskReason('NO_TARGET'));
      for (const { name, version } of named) {
        dependencies.push(name);
        reasons.push(...dependencyReasons(name, version));
      }
      break;
    }
    case 'secret.read': {
      const name = text(payload.name) ?? text(payload.secret) ?? '(unnamed)';
      environment = text(payload.environment) ?? text(payload.env);
      reasons.push(
        riskReason(environment && PRODUCTION.test(environment) ? 'PRODUCTION_SECRET' : 'SECRET_READ', { name }),
      );
      break;
    }
    case 'deploy':
      environment = text(payload.environment) ?? text(payload.target);
      reasons.push(riskReason('DEPLOY', { environment: environment ?? '(unnamed environment)' }));
      break;
    case 'blueprint.patch':
      reasons.push(riskReason('BLUEPRINT_CHANGE'));
      break;
  }

  if (proposed.rationale) reasons.push(...textReasons(proposed.rationale, 'rationale'));
  reasons.push(...textReasons(proseOf(payload).join('\n'), 'content'));

  const assessment = summarize(reasons);
  const risk = proposed.risk && riskRank(proposed.risk) > riskRank(assessment.risk) ? proposed.risk : assessment.risk;
  return {
    assessment,
    action: {
      kind,
      ...(proposed.actor ? { actor: proposed.actor } : {}),
      risk,
      paths: [...new Set(paths)],
      commands,
      dependencies: [...new Set(dependencies)],
      ...(environment !== undefined ? { environment } : {}),
      shell: plan?.runner === 'shell',
      host: kind === 'command.run' && payload.host === true,
    },
  };
}

/** The risk of a proposed action, with its reasons in English and Arabic, the weightiest first. */
export function classifyRisk(proposed: ProposedAction, context: RiskContext = {}): RiskAssessment {
  return assessProposal(proposed, context).assessment;
}

function summarize(found: readonly RiskReason[]): RiskAssessment {
  const seen = new Set<string>();
  const reasons = found
    .filter((reason) => {
      const key = `${reason.code}\u0000${JSON.stringify(reason.params ?? {})}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => riskRank(b.risk) - riskRank(a.risk));
  if (!reasons.length) reasons.push(riskReason('ROUTINE'));
  return { risk: reasons[0]?.risk ?? 'low', reasons };
}

/** The Inbox's line as a message: "critical: deletes outside the project (/etc)", and how many more reasons there are. */
export function riskLine(assessment: { risk: RiskLevel; reasons: readonly DecisionReason[] }): SystemMessage {
  const [top, ...rest] = assessment.reasons;
  const level = riskLevelMessage(assessment.risk);
  if (!top) return level;
  const reason: SystemMessage | LocalizedValue = top.message ?? {
    code: top.code,
    ...(top.params ? { params: top.params } : {}),
  };
  if (!rest.length) return { code: 'RISK_LINE', params: { level, reason } };
  return { code: 'RISK_LINE_MORE', params: { level, reason, count: rest.length } };
}

/** The risk line in words, for the CLI and the tests. */
export function describeRisk(assessment: RiskAssessment, locale: 'en' | 'ar'): string {
  return formatMessage(riskLine(assessment), locale);
}
