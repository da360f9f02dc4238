export { type AuditAnchor, auditEntryHash, chainAuditEntry, GENESIS_HASH, verifyAuditChain } from './audit-chain.js';
export { AUDIT_RECORDED, AUDIT_STREAM, AuditLog } from './audit-log.js';
export { canonicalJson } from './canonical-json.js';
export { type ParsedCommandLine, parseCommandLine, type ShellCommand, type ShellPipeline } from './command-line.js';
export { type CommandLineFacts, commandLineFacts, type RunCommand } from './command-line-facts.js';
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
  nextDecisionState,
} from './decision.js';
export { type DecisionAction, DecisionLog, SYSTEM_ACTOR } from './decision-log.js';
export { DecisionsProjection } from './decisions-projection.js';
export {
  assessProposal,
  classifyRisk,
  describeRisk,
  type ProposalAssessment,
  type ProposedAction,
  type RiskContext,
} from './risk.js';
