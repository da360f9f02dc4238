export { AI_CONTROLS_STREAM, AI_USAGE_STREAM, AiControlsState } from './ai-controls.js';
export { type AuditAnchor, auditEntryHash, chainAuditEntry, GENESIS_HASH, verifyAuditChain } from './audit-chain.js';
export { AUDIT_RECORDED, AUDIT_STREAM, AuditLog } from './audit-log.js';
export { canonicalJson } from './canonical-json.js';
export { type ParsedCommandLine, parseCommandLine, type ShellCommand, type ShellPipeline } from './command-line.js';
export { type CommandLineFacts, commandLineFacts, type RunCommand } from './command-line-facts.js';
export { type CommandPlan, constructMessages, planCommand, runnerNote } from './command-plan.js';
export { commandMatches, evaluateConstitution, pathForMatching } from './constitution.js';
export { DEFAULT_CONSTITUTION, SECRET_PATH_GLOBS } from './constitution-default.js';
export { durationMs } from './constitution-duration.js';
export {
  CONSTITUTION_CHANGED,
  type ConstitutionChange,
  changeConstitution,
  updateConstitution,
} from './constitution-update.js';
export {
  applyDecisionEvent,
  DECISION_CATEGORY,
  decisionStreamId,
  foldDecision,
  isDecisionEvent,
  mergeDecision,
  nextDecisionState,
} from './decision.js';
export { type DecisionAction, DecisionLog, SYSTEM_ACTOR } from './decision-log.js';
export { DecisionTimers, nextDue } from './decision-timers.js';
export { createExecutors, type Execution, type Executors } from './executors.js';
export {
  Governance,
  type GovernanceChange,
  type GovernanceOptions,
  LOCAL_OWNER,
  type ProposalOrigin,
  type ProposalResult,
  type ProposedEffect,
} from './governance.js';
export { type Judgement, judgeProposal, type ProposalToJudge } from './judge.js';
export { DECISION_REFUSED, RefusalsSeen } from './refusals.js';
export {
  assessProposal,
  classifyRisk,
  describeRisk,
  type ProposalAssessment,
  type ProposedAction,
  type RiskContext,
} from './risk.js';
export { compileSandboxProfile, DEFAULT_COMMAND_LIMITS, sandboxProfileMessage } from './sandbox-profile.js';
export { spendWarrant, Warrant } from './warrant.js';
