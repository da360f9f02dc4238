import { type Actor, DecisionProposal, DecisionStatus } from '@webnova/core/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import type { Principal } from '../auth/principal.js';
import type { Database, Queryable } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import type { InvitationOutbox } from '../invitations/outbox.js';
import type { NotificationHub } from '../notifications/hub.js';
import { TenantParams } from '../tenants/params.js';
import { type AppliedChange, applyMemberChange, MEMBER_ROLE_KIND } from '../users/member-role.js';
import type { Role } from '../users/user.js';
import {
  AWAITING_REVIEW,
  DECISION_SELECT,
  type DecisionRow,
  DecisionView,
  decisionView,
  MAX_QUORUM,
} from './decision.js';
import { announceExpired, expireDueDecisions } from './expiry.js';
import { approversNow, canApprove, insertDecision } from './propose.js';

const ProposeBody = DecisionProposal.extend({
  /** How many distinct approvers it takes (the proposer among them, when they could approve). */
  quorum: z.number().int().min(1).max(MAX_QUORUM).default(1),
}).strict();
const ReviewBody = z.object({ comment: z.string().max(4_000).default('') }).strict();
const DecisionParams = TenantParams.extend({ decisionId: z.uuid('must be a decision id') }).strict();
const ListQuery = z
  .object({
    /** One status; without it, the decisions still waiting for approvers (pending or escalated). */
    status: DecisionStatus.optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 500')
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1').max(500, 'must be at most 500'))
      .optional(),
  })
  .strict();

/** Which decisions a read picks: those in some statuses, oldest first, up to a limit; or one by id. */
type DecisionFilter = { statuses: readonly DecisionStatus[]; limit: number } | { id: string };

/** `filter` as a where-and-order tail over DECISION_SELECT, with its parameters (from $2). */
function filterSql(filter: DecisionFilter): { tail: string; params: unknown[] } {
  if ('id' in filter) return { tail: 'and d.id = $2', params: [filter.id] };
  return {
    tail: 'and d.status = any($2::text[]) order by d.proposed_at, d.id limit $3',
    params: [filter.statuses, filter.limit],
  };
}

function decisionNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'There is no such decision in this tenant.');
}

export function registerDecisionRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  hub: NotificationHub,
  outbox: InvitationOutbox,
): void {
  const publish = (tenantId: string, type: string, decision: DecisionView) =>
    hub.publish(tenantId, { type, tenantId, decision });

  /**
   * The decisions `filter` picks, never one that is due but still pending. When none of the tenant's
   * decisions is due, that is one round trip (`queryOnce`); otherwise the due ones are expired first,
   * with their audit entries and notifications, and the read runs again in that transaction.
   */
  async function readDecisions(tenantId: string, filter: DecisionFilter): Promise<DecisionRow[]> {
    const { tail, params } = filterSql(filter);
    const select = `${DECISION_SELECT} ${tail}`;
    const [fast] = await db.queryOnce<{ due: boolean; rows: DecisionRow[] | null }>(
      { tenantId },
      `select exists(select 1 from decisions where tenant_id = $1 and status in ('pending', 'escalated')
                       and expires_at is not null and expires_at <= now()) as due,
              (select json_agg(x order by x.proposed_at, x.id) from (${select}) x) as rows`,
      [tenantId, ...params],
    );
    if (fast && !fast.due) return fast.rows ?? [];
    const { expired, rows } = await db.transaction({ tenantId }, async (tx) => ({
      expired: await expireDueDecisions(tx, tenantId),
      rows: await tx.query<DecisionRow>(select, [tenantId, ...params]),
    }));
    announceExpired(hub, tenantId, expired);
    return rows;
  }

  const propose = {
    method: 'POST',
    url: '/tenants/:tenantId/decisions',
    summary: 'Propose a decision (decisions.propose)',
    signedIn: true,
    access: { permission: 'decisions.propose', tenantUsersOnly: true },
    params: TenantParams,
    body: ProposeBody,
    success: { status: 201, description: 'The decision, pending', schema: DecisionView },
    problems: {
      403: 'PERMISSION_DENIED: without decisions.propose, or not one of the tenant’s users',
      404: "NOT_FOUND: no such tenant, or another tenant's",
    },
  } as const;
  addRoute(app, openapi, propose, async ({ params: { tenantId }, body, principal }, _request, reply) => {
    if (body.kind === MEMBER_ROLE_KIND) {
      // Its quorum and its approvers are the server's to set: a forged one must not grant anyone a say.
      throw new ServerError('INVALID_INPUT', 'The request body is not valid.', {
        issues: [{ path: 'body.kind', message: `${MEMBER_ROLE_KIND} decisions come from inviting or changing users` }],
      });
    }
    if (body.expiresAt !== undefined && Date.parse(body.expiresAt) <= Date.now()) {
      throw new ServerError('INVALID_INPUT', 'The request body is not valid.', {
        issues: [{ path: 'body.expiresAt', message: 'must be in the future' }],
      });
    }
    const decision = await db.transaction({ tenantId }, async (tx) =>
      insertDecision(tx, tenantId, principal.userId, body, await approversNow(tx, tenantId)),
    );
    publish(tenantId, 'decision.proposed', decision);
    reply.code(201);
    return decision;
  });

  const list = {
    method: 'GET',
    url: '/tenants/:tenantId/decisions',
    summary: "A tenant's decisions: by default those waiting for approvers",
    signedIn: true,
    access: { tenant: 'visible' },
    params: TenantParams,
    query: ListQuery,
    success: {
      status: 200,
      description: 'The decisions, oldest first',
      schema: z.object({ decisions: z.array(DecisionView) }).strict(),
    },
    problems: { 404: "NOT_FOUND: no such tenant, or another tenant's" },
  } as const;
  addRoute(app, openapi, list, async ({ params: { tenantId }, query }) => {
    const statuses = query.status ? [query.status] : AWAITING_REVIEW;
    const rows = await readDecisions(tenantId, { statuses, limit: query.limit ?? 100 });
    return { decisions: rows.map(decisionView) };
  });

  const get = {
    method: 'GET',
    url: '/tenants/:tenantId/decisions/:decisionId',
    summary: 'One decision',
    signedIn: true,
    access: { tenant: 'visible' },
    params: DecisionParams,
    success: { status: 200, description: 'The decision', schema: DecisionView },
    problems: { 404: 'NOT_FOUND: no such decision in the tenant, or not the caller’s tenant' },
  } as const;
  addRoute(app, openapi, get, async ({ params: { tenantId, decisionId } }) => {
    const [row] = await readDecisions(tenantId, { id: decisionId });
    if (!row) throw decisionNotFound();
    return decisionView(row);
  });

  /**
   * Refuses a reviewer who may not review this decision. With an approver snapshot (every decision
   * proposed since it was kept): only those who could approve when it was proposed, and still can now,
   * read in this transaction. A person who proposed it as one of them may approve it too: their own
   * approval counts toward the quorum; an AI's proposal never counts its proposer. Without a snapshot
   * (older decisions): anyone who can approve now, but not the proposer.
   */
  async function requireReviewer(
    tx: Queryable,
    principal: Principal,
    current: { proposed_by: string | null; approvers: string[] | null; actor: Actor },
  ): Promise<void> {
    const own = current.proposed_by === principal.userId;
    if (current.approvers === null) {
      if (own) throw new ServerError('PERMISSION_DENIED', 'Nobody approves or rejects their own proposal.');
      return;
    }
    if (!current.approvers.includes(principal.userId)) {
      throw new ServerError(
        'PERMISSION_DENIED',
        'Only those who could approve when this was proposed may review it, and you could not then.',
      );
    }
    if (own && current.actor.kind !== 'user') {
      throw new ServerError('PERMISSION_DENIED', 'A proposal made for an AI is reviewed by others.');
    }
    const [me] = await tx.query<{ role: Role; permissions: string[]; status: string }>(
      'select role, permissions, status from users where id = $1',
      [principal.userId],
    );
    if (me?.status !== 'ACTIVE' || !canApprove(me.role, me.permissions)) {
      throw new ServerError('PERMISSION_DENIED', 'You can no longer approve decisions.');
    }
  }

  /**
   * One approver's verdict. Approvals count distinct people; the quorum-th approval approves the
   * decision (and applies it, for a member.role decision), a single rejection rejects it.
   */
  async function review(
    principal: Principal,
    tenantId: string,
    decisionId: string,
    verdict: 'approved' | 'rejected',
    comment: string,
  ): Promise<DecisionView> {
    // Expire what is due in a transaction of its own: a refusal below must not undo the expiry.
    const expired = await db.transaction({ tenantId }, (tx) => expireDueDecisions(tx, tenantId));
    announceExpired(hub, tenantId, expired);
    const { decision, type, applied } = await db.transaction({ tenantId }, async (tx) => {
      const [current] = await tx.query<{
        status: string;
        kind: string;
        actor: Actor;
        payload: unknown;
        proposed_by: string | null;
        approvers: string[] | null;
        quorum: number;
        due: boolean;
      }>(
        `select status, kind, actor, payload, proposed_by, approvers, quorum,
                (expires_at is not null and expires_at <= now()) as due
           from decisions where id = $1 and tenant_id = $2 for update`,
        [decisionId, tenantId],
      );
      if (!current) throw decisionNotFound();
      await requireReviewer(tx, principal, current);
      if (!AWAITING_REVIEW.includes(current.status as DecisionStatus) || current.due) {
        const status = current.due ? 'expired' : current.status;
        throw new ServerError('CONFLICT', `The decision is ${status}: it takes no more reviews.`, { status });
      }
      const already = await tx.query('select 1 from decision_reviews where decision_id = $1 and user_id = $2', [
        decisionId,
        principal.userId,
      ]);
      if (already.length > 0) throw new ServerError('CONFLICT', 'You have already reviewed this decision.');

      const at = new Date().toISOString();
      await tx.query(
        `insert into decision_reviews (tenant_id, decision_id, user_id, verdict, comment, reviewed_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [tenantId, decisionId, principal.userId, verdict, comment, at],
      );
      const [{ approvals } = { approvals: 0 }] = await tx.query<{ approvals: number }>(
        "select count(*)::int as approvals from decision_reviews where decision_id = $1 and verdict = 'approved'",
        [decisionId],
      );
      const closes = verdict === 'rejected' || approvals >= current.quorum;
      const applied: AppliedChange | null =
        closes && verdict === 'approved' && current.kind === MEMBER_ROLE_KIND
          ? await applyMemberChange(tx, tenantId, { id: decisionId, ...current })
          : null;
      const actor = userActor(principal.userId);
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
      const [row] = await tx.query<DecisionRow>(`${DECISION_SELECT} and d.id = $2`, [tenantId, decisionId]);
      if (!row) throw decisionNotFound();
      return { decision: decisionView(row), type, applied };
    });
    publish(tenantId, type, decision);
    if (applied?.endedUserId) hub.end({ userId: applied.endedUserId });
    if (applied?.invited) await outbox.deliverDue();
    return decision;
  }

  for (const verdict of ['approved', 'rejected'] as const) {
    const verb = verdict === 'approved' ? 'approve' : 'reject';
    const spec = {
      method: 'POST',
      url: `/tenants/:tenantId/decisions/:decisionId/${verb}`,
      summary:
        verdict === 'approved'
          ? 'Approve a decision (decisions.approve, held when it was proposed and now; counts toward its quorum)'
          : 'Reject a decision (decisions.approve, held when it was proposed and now; one rejection rejects it)',
      signedIn: true,
      access: { permission: 'decisions.approve', tenantUsersOnly: true },
      params: DecisionParams,
      body: ReviewBody,
      success: { status: 200, description: 'The decision after the review', schema: DecisionView },
      problems: {
        403: 'PERMISSION_DENIED: without decisions.approve now or when it was proposed, or not one of the tenant’s users',
        404: 'NOT_FOUND: no such decision in the tenant, or not the caller’s tenant',
        409: 'CONFLICT: the decision takes no more reviews, this person reviewed it already, or the user change it approves no longer applies',
      },
    } as const;
    addRoute(app, openapi, spec, async ({ params: { tenantId, decisionId }, body, principal }) => {
      return review(principal, tenantId, decisionId, verdict, body.comment);
    });
  }
}
