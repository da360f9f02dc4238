import { DecisionProposal, DecisionStatus } from '@webnova/core/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import type { InvitationOutbox } from '../invitations/outbox.js';
import type { NotificationHub } from '../notifications/hub.js';
import { TenantParams } from '../tenants/params.js';
import { MEMBER_ROLE_KIND } from '../users/member-role.js';
import {
  AWAITING_REVIEW,
  DECISION_SELECT,
  type DecisionRow,
  DecisionView,
  decisionView,
  MAX_QUORUM,
} from './decision.js';
import { announceExpired, expireDueDecisions } from './expiry.js';
import { approversNow, insertDecision } from './propose.js';
import { decisionNotFound, reviewDecision } from './review.js';

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

  /** One approver's verdict (`reviewDecision`), published after it commits. */
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
    const { decision, type, applied } = await db.transaction({ tenantId }, (tx) =>
      reviewDecision(tx, tenantId, decisionId, principal.userId, verdict, comment),
    );
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
