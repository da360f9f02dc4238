export { type AuditAnchor, auditEntryHash, chainAuditEntry, GENESIS_HASH, verifyAuditChain } from './audit-chain.js';
export { AUDIT_RECORDED, AUDIT_STREAM, AuditLog } from './audit-log.js';
export { canonicalJson } from './canonical-json.js';
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
