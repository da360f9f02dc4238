import type {
  CheckedConstitution,
  ConstitutionVerdict,
  RiskAssessment,
  RiskReason,
} from '../contracts/constitution.js';
import type { Actor } from '../contracts/events.js';
import type { DecisionTarget, RiskLevel } from '../contracts/governance.js';
import { evaluateConstitution, riskRank } from './constitution.js';
import { resolveTargets, targetList } from './resolved-targets.js';
import { assessProposal, type RiskContext } from './risk.js';
import { riskReason } from './risk-reasons.js';

export interface ProposalToJudge {
  kind: string;
  payload: Record<string, unknown>;
  rationale?: string;
  actor?: Actor;
  /** The proposer's own estimate: it can raise the risk, never lower it. */
  risk?: RiskLevel;
}

export interface Judgement {
  assessment: RiskAssessment;
  verdict: ConstitutionVerdict;
  /** Where the proposal's paths and programs led on disk as it was judged. */
  targets: DecisionTarget[];
}

/**
 * What the risk of a proposal is judged with: the project, and where each of its paths and programs
 * really leads on disk now (a first look finds the paths the payload names, commands included).
 */
async function riskContext(proposal: ProposalToJudge, project: string): Promise<RiskContext> {
  const { action } = assessProposal({ kind: proposal.kind, payload: proposal.payload }, { projectRoot: project });
  const cwd = typeof proposal.payload.cwd === 'string' ? proposal.payload.cwd : undefined;
  const targets = await resolveTargets({
    project,
    cwd,
    paths: action.paths,
    programs: action.commands.map((command) => command.argv[0] as string),
  });
  return { projectRoot: project, targets };
}

/**
 * The risk of a proposal and the constitution's verdict on it, judged on what it really touches: its
 * paths where they lead through links, its programs where they are found, its command as an argv or as a
 * line that needs a shell. Governance files decisions from this; `webnova governance check` prints it.
 */
export async function judgeProposal(
  proposal: ProposalToJudge,
  constitution: CheckedConstitution,
  project?: string,
): Promise<Judgement> {
  const context = project ? await riskContext(proposal, project) : {};
  const { assessment, action } = assessProposal(proposal, context);
  let verdict = evaluateConstitution(constitution, action);
  const outside = outsideSandboxReasons(verdict);
  let reasons = assessment.reasons;
  if (outside.length) {
    // Running outside the sandbox is high risk whatever else the command is: judged again at that level,
    // so the rules about high-risk actions (and a rule that keeps such commands in the sandbox) apply.
    reasons = [...outside, ...reasons];
    if (riskRank(action.risk) < riskRank('high')) action.risk = 'high';
    verdict = evaluateConstitution(constitution, action);
  }
  return {
    assessment: { reasons, risk: action.risk },
    verdict,
    targets: context.targets ? targetList(context.targets) : [],
  };
}

/** The risk reasons of a command whose compiled sandbox leaves it on the host or on the host's network. */
function outsideSandboxReasons(verdict: ConstitutionVerdict): RiskReason[] {
  if (!verdict.sandbox) return [];
  if (verdict.sandbox.run === 'host') return [riskReason('RUNS_ON_HOST')];
  if (verdict.sandbox.network === 'host') return [riskReason('HOST_NETWORK')];
  return [];
}
