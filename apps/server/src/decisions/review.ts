import type { Actor, DecisionStatus } from '@webnova/core/contracts';
import { appendAudit, SERVER_ACTOR, userActor } from '../audit/chain.js';
import type { Queryable } from '../db/database.js';
import { ServerError } from '../http/problem.js';
import { appendToLog, lockLog } from '../sync/log.js';
import { type AppliedChange, applyMemberChange, MEMBER_ROLE_KIND } from '../users/member-role.js';
import type { Role } from '../users/user.js';
import { AWAITING_REVIEW, DECISION_SELECT, type DecisionRow, type DecisionView, decisionView } from './decision.js';
import { canApprove, decisionStream } from './propose.js';

export function decisionNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'There is no such decision in this tenant.');
}

interface ReviewedRow {
  status: string;
  kind: string;
  actor: Actor;
  payload: unknown;
  proposed_by: string | null;
  approvers: string[] | null;
  quorum: number;
  due: boolean;
}

/**
 * Refuses a reviewer who may not review this decision. With an approver snapshot (every decision
 * proposed since it was kept): only those who could approve when it was proposed, and still can now,
 * read in this transaction. A person who proposed it as one of them may approve it too: their own
 * approval counts toward the quorum. So may the owner at the desktop whose AI proposed it (the desktop
 * takes approvals from the person at its window, never from its AI, as it does signed out): only a
 * person reviews (`decision.endorsed|approved|rejected` by an AI or the system is refused before
 * this), so an AI never counts. Without a snapshot
 * (older decisions): anyone who can approve now, but not the proposer.
 */
async function requireReviewer(tx: Queryable, reviewerId: string, current: ReviewedRow): Promise<void> {
  const own = current.proposed_by === reviewerId;
  if (current.approvers === null) {
    if (own) throw new ServerError('PERMISSION_DENIED', 'Nobody approves or rejects their own proposal.');
    return;
  }
  if (!current.approvers.includes(reviewerId)) {
    throw new ServerError(
      'PERMISSION_DENIED',
      'Only those who could approve when this was proposed may review it, and you could not then.',
    );
  }
  const [me] = await tx.query<{ role: Role; permissions: string[]; status: string }>(
    'select role, permissions, status from users where id = $1',
    [reviewerId],
  );
  if (me?.status !== 'ACTIVE' || !canApprove(me.role, me.permissions)) {
    throw new ServerError('PERMISSION_DENIED', 'You can no longer approve decisions.');
  }
}

/**
 * How the review reaches the tenant's sync log. `server`: the server writes the step (an HTTP review).
 * `pushed`: a device pushed it as `type`, and the caller appends that event; the server adds its own
 * `decision.approved` when a pushed endorsement completes the quorum, and refuses (`CONFLICT`) a pushed
 * `decision.approved` that does not (the device counted approvals the server does not hold).
 */
export type ReviewLogging =
  | { by: 'server' }
  | { by: 'pushed'; type: 'decision.endorsed' | 'decision.approved' | 'decision.rejected' };

export interface Reviewed {
  decision: DecisionView;
  /** The notification's type: `decision.approvalRecorded` for an approval short of the quorum. */
  type: string;
  applied: AppliedChange | null;
  /** Pushed only: the server's own closing step, appended after the pushed one. */
  closing?: () => Promise<void>;
}

/**
 * One approver's verdict, inside the caller's transaction (due decisions expired first by the caller).
 * Approvals count distinct people; the quorum-th approval approves the decision (and applies it, for a
 * member.role decision), a single rejection rejects it.
 */
export async function reviewDecision(
  tx: Queryable,
  tenantId: string,
  decisionId: string,
  reviewerId: string,
  verdict: 'approved' | 'rejected',
  comment: string,
  logging: ReviewLogging = { by: 'server' },
): Promise<Reviewed> {
  // The tenant's log first, as a push takes it, before any decision row: never the two in opposite orders.
  await lockLog(tx, tenantId);
  const [current] = await tx.query<ReviewedRow>(
    `select status, kind, actor, payload, proposed_by, approvers, quorum,
            (expires_at is not null and expires_at <= now()) as due
       from decisions where id = $1 and tenant_id = $2 for update`,
    [decisionId, tenantId],
  );
  if (!current) throw decisionNotFound();
  await requireReviewer(tx, reviewerId, current);
  if (!AWAITING_REVIEW.includes(current.status as DecisionStatus) || current.due) {
    const status = current.due ? 'expired' : current.status;
    throw new ServerError('CONFLICT', `The decision is ${status}: it takes no more reviews.`, { status });
  }
  const already = await tx.query('select 1 from decision_reviews where decision_id = $1 and user_id = $2', [
    decisionId,
    reviewerId,
  ]);
  if (already.length > 0) throw new ServerError('CONFLICT', 'You have already reviewed this decision.');

  const at = new Date().toISOString();
  await tx.query(
    `insert into decision_reviews (tenant_id, decision_id, user_id, verdict, comment, reviewed_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [tenantId, decisionId, reviewerId, verdict, comment, at],
  );
  const [{ approvals } = { approvals: 0 }] = await tx.query<{ approvals: number }>(
    "select count(*)::int as approvals from decision_reviews where decision_id = $1 and verdict = 'approved'",
    [decisionId],
  );
  const closes = verdict === 'rejected' || approvals >= current.quorum;
  if (logging.by === 'pushed' && logging.type === 'decision.approved' && !closes) {
    throw new ServerError(
      'CONFLICT',
      `This approval is ${approvals} of the ${current.quorum} the decision needs: it does not approve it yet (pull, then approve again).`,
      { approvals, quorum: current.quorum },
    );
  }
  const applied: AppliedChange | null =
    closes && verdict === 'approved' && current.kind === MEMBER_ROLE_KIND
      ? await applyMemberChange(tx, tenantId, { id: decisionId, ...current })
      : null;
  const actor = userActor(reviewerId);
  const [{ version } = { version: 0 }] = await tx.query<{ version: number }>(
    `update decisions set status = $3, review = $4, updated_at = $5, version = version + 1
      where id = $1 and tenant_id = $2 returning version`,
    [
      decisionId,
      tenantId,
      closes ? verdict : current.status,
      closes ? JSON.stringify({ verdict, by: actor, comment, at }) : null,
      at,
    ],
  );
  const type = closes ? `decision.${verdict}` : 'decision.approvalRecorded';
  await appendAudit(tx, tenantId, {
    actor,
    action: type,
    subject: `decision:${decisionId}`,
    data: { version, comment, approvals, quorum: current.quorum },
  });
  const logType = closes ? `decision.${verdict}` : 'decision.endorsed';
  const streamId = decisionStream(decisionId);
  let closing: (() => Promise<void>) | undefined;
  if (logging.by === 'server') {
    await appendToLog(tx, tenantId, { streamId, type: logType, data: { comment }, actor });
  } else if (logging.type !== logType) {
    // A pushed endorsement that completes the quorum: the server says so after it.
    const data = { comment: `Approved: ${approvals} of ${current.quorum} approvals.` };
    closing = async () => {
      await appendToLog(tx, tenantId, { streamId, type: 'decision.approved', data, actor: SERVER_ACTOR });
    };
  }
  const [row] = await tx.query<DecisionRow>(`${DECISION_SELECT} and d.id = $2`, [tenantId, decisionId]);
  if (!row) throw decisionNotFound();
  return { decision: decisionView(row), type, applied, ...(closing ? { closing } : {}) };
}
