import {
  Actor,
  Decision,
  type DecisionStatus,
  Instant,
  type JsonObject,
  type RiskLevel,
} from '@webnova/core/contracts';
import { z } from 'zod';
import { toIso } from '../users/user.js';

export interface DecisionRow {
  id: string;
  tenant_id: string;
  kind: string;
  actor: Actor;
  rationale: string;
  payload: JsonObject;
  risk: RiskLevel;
  status: DecisionStatus;
  proposed_at: string | Date;
  updated_at: string | Date;
  expires_at: string | Date | null;
  version: number;
  quorum: number;
  proposed_by: string | null;
  review: Decision['review'] | null;
  /** Aggregated from decision_reviews by DECISION_SELECT. */
  approvals: Array<{ user_id: string; comment: string; reviewed_at: string }> | null;
}

/** A decision and its approvals so far, in one statement (`$1`: tenant id); add a where and an order. */
export const DECISION_SELECT = `
  select d.id, d.tenant_id, d.kind, d.actor, d.rationale, d.payload, d.risk, d.status, d.proposed_at,
         d.updated_at, d.expires_at, d.version, d.quorum, d.proposed_by, d.review,
         (select json_agg(json_build_object('user_id', r.user_id, 'comment', r.comment, 'reviewed_at', r.reviewed_at)
                          order by r.reviewed_at, r.user_id)
            from decision_reviews r where r.decision_id = d.id and r.verdict = 'approved') as approvals
    from decisions d
   where d.tenant_id = $1`;

/**
 * The desktop's Decision contract, plus what a quorum needs: how many approvals it takes and those
 * given so far. `review` is the verdict that closed it (the approval that completed the quorum, or the
 * rejection).
 */
export const MAX_QUORUM = 20;

export const DecisionView = Decision.extend({
  quorum: z.number().int().min(1).max(MAX_QUORUM),
  approvals: z.array(z.object({ by: Actor, comment: z.string(), at: Instant }).strict()),
}).strict();
export type DecisionView = z.infer<typeof DecisionView>;

export function decisionView(row: DecisionRow): DecisionView {
  const view: DecisionView = {
    id: row.id,
    kind: row.kind,
    actor: row.actor,
    rationale: row.rationale,
    payload: row.payload,
    risk: row.risk,
    status: row.status,
    proposedAt: toIso(row.proposed_at),
    updatedAt: toIso(row.updated_at),
    version: row.version,
    quorum: row.quorum,
    approvals: (row.approvals ?? []).map((approval) => ({
      by: { kind: 'user', id: approval.user_id },
      comment: approval.comment,
      at: toIso(approval.reviewed_at),
    })),
  };
  if (row.expires_at !== null) view.expiresAt = toIso(row.expires_at);
  if (row.review) view.review = row.review;
  return view;
}

/** The statuses still waiting for approvers. */
export const AWAITING_REVIEW: readonly DecisionStatus[] = ['pending', 'escalated'];
