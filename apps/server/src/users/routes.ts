import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import { Permission } from '../auth/permissions.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { DecisionView } from '../decisions/decision.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import type { InvitationOutbox } from '../invitations/outbox.js';
import type { NotificationHub } from '../notifications/hub.js';
import { notifySync } from '../sync/log.js';
import { TenantParams } from '../tenants/params.js';
import { grantsApproval, proposeMemberChange } from './member-role.js';
import { applyUserPatch, inviteUser, lockUser, standingOf } from './membership.js';
import {
  Email,
  outranksOrEquals,
  TenantRole,
  USER_COLUMNS,
  type UserRow,
  UserStatus,
  UserView,
  userView,
} from './user.js';

const InviteBody = z.object({ email: Email, role: TenantRole }).strict();
const UserParams = TenantParams.extend({ userId: z.uuid('must be a user id') }).strict();
/** The only fields a PATCH may touch; ids, tenant, email, TOTP and timestamps are not among them. */
const UserPatch = z
  .object({
    role: TenantRole.optional(),
    status: UserStatus.optional(),
    /** Replaces the user's custom permissions (granted on top of the role's). */
    permissions: z.array(Permission).max(Permission.options.length).optional(),
  })
  .strict()
  .refine(
    (patch) => patch.role !== undefined || patch.status !== undefined || patch.permissions !== undefined,
    'name a role, a status or permissions to change',
  );

export function registerUserRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  hub: NotificationHub,
  outbox: InvitationOutbox,
): void {
  const list = {
    method: 'GET',
    url: '/tenants/:tenantId/users',
    summary: "A tenant's users",
    signedIn: true,
    access: { tenant: 'visible' },
    params: TenantParams,
    success: {
      status: 200,
      description: "The tenant's users, oldest first",
      schema: z.object({ users: z.array(UserView) }).strict(),
    },
    problems: { 404: "NOT_FOUND: no such tenant, or another tenant's" },
  } as const;
  addRoute(app, openapi, list, async ({ params: { tenantId } }) => {
    const rows = await db.transaction({ tenantId }, (tx) =>
      tx.query<UserRow>(`select ${USER_COLUMNS} from users where tenant_id = $1 order by created_at, id`, [tenantId]),
    );
    return { users: rows.map(userView) };
  });

  const Delivery = z
    .object({ delivery: z.enum(['email', 'server-log']) })
    .strict()
    .meta({
      description: 'How the invitation reaches the invitee: by email, or through the operator (the server log)',
    });
  const Governed = z.object({ decision: DecisionView }).strict();
  const governedDescription =
    'It gives a say in decisions: a `member.role` decision now waits for a majority of the tenant’s approvers';
  /** A change that gives a say in decisions now waits as a decision: the tenant hears of it, the caller gets 202. */
  const awaitApprovers = (tenantId: string, decision: DecisionView, reply: FastifyReply) => {
    hub.publish(tenantId, { type: 'decision.proposed', tenantId, decision });
    return reply.code(202).send({ decision });
  };

  /**
   * Invites by email with a role. The one-time token goes to the invitee through the outbox (SMTP, or the
   * server log for the operator), never into the answer. An invitation as sovereign or owner, where the
   * tenant has approvers, is a decision for them (202) and is sent once they approve it.
   */
  const invite = {
    method: 'POST',
    url: '/tenants/:tenantId/users',
    summary: 'Invite a user with a role (users.manage); approver roles wait for the approvers',
    signedIn: true,
    access: { permission: 'users.manage' },
    params: TenantParams,
    body: InviteBody,
    success: {
      status: 201,
      description: 'The invited user, and how the invitation travels (the token goes only to the invitee)',
      schema: z.object({ user: UserView, invitation: Delivery }).strict(),
    },
    accepted: { description: governedDescription, schema: Governed },
    problems: {
      403: 'PERMISSION_DENIED: without users.manage, or a role above the caller',
      404: "NOT_FOUND: no such tenant, or another tenant's",
      409: 'ALREADY_EXISTS: a user has this email',
    },
  } as const;
  addRoute(
    app,
    openapi,
    invite,
    async ({ params: { tenantId }, body: { email, role }, principal }, _request, reply) => {
      if (!outranksOrEquals(principal.role, role)) {
        throw new ServerError('PERMISSION_DENIED', `A ${principal.role} cannot grant the role ${role}.`);
      }
      try {
        const outcome = await db.transaction({ tenantId }, async (tx) => {
          const taken = await tx.query('select 1 from users where email = $1', [email]);
          if (taken.length > 0) throw new ServerError('ALREADY_EXISTS', `A user with the email ${email} exists.`);
          if (grantsApproval(null, { role, permissions: [] })) {
            const decision = await proposeMemberChange(tx, tenantId, principal.userId, {
              change: 'invite',
              email,
              role,
            });
            if (decision) return { decision };
          }
          return { user: await inviteUser(tx, tenantId, principal.userId, email, role) };
        });
        if (outcome.decision) return awaitApprovers(tenantId, outcome.decision, reply);
        await outbox.deliverDue();
        reply.code(201);
        return { user: userView(outcome.user), invitation: { delivery: outbox.mailer.delivery } };
      } catch (error) {
        // Another tenant's user has it: the email check above sees only this tenant's rows.
        if (isUniqueViolation(error)) throw new ServerError('ALREADY_EXISTS', `A user with the email ${email} exists.`);
        throw error;
      }
    },
  );

  /**
   * Role, status and custom permissions only; a status other than ACTIVE ends the user's sessions at once.
   * A change that gives a say in decisions (a promotion to sovereign or owner, decisions.approve) is a
   * decision for the tenant's approvers (202), applied when they approve it.
   */
  const change = {
    method: 'PATCH',
    url: '/tenants/:tenantId/users/:userId',
    summary:
      "Change a user's role, status or custom permissions (users.manage); approver grants wait for the approvers",
    signedIn: true,
    access: { permission: 'users.manage' },
    params: UserParams,
    body: UserPatch,
    success: { status: 200, description: 'The user as changed', schema: UserView },
    accepted: { description: governedDescription, schema: Governed },
    problems: {
      403: 'PERMISSION_DENIED: without users.manage, oneself, or above the caller',
      404: 'NOT_FOUND: no such user in the tenant, or not the caller’s tenant',
    },
  } as const;
  addRoute(app, openapi, change, async ({ params: { tenantId, userId }, body: patch, principal }, request, reply) => {
    if (principal.userId === userId) {
      throw new ServerError('PERMISSION_DENIED', 'Nobody changes their own role, status or permissions.');
    }
    if (patch.role && !outranksOrEquals(principal.role, patch.role)) {
      throw new ServerError('PERMISSION_DENIED', `A ${principal.role} cannot grant the role ${patch.role}.`);
    }
    // Nobody hands out what they do not hold themselves (ROOT_OWNER administers every permission).
    const beyond = (patch.permissions ?? []).filter((name) => !principal.permissions.has(name));
    if (principal.role !== 'ROOT_OWNER' && beyond.length > 0) {
      throw new ServerError('PERMISSION_DENIED', `You cannot grant ${beyond.join(', ')}.`, { permissions: beyond });
    }

    const outcome = await db.transaction({ tenantId }, async (tx) => {
      const current = await lockUser(tx, tenantId, userId);
      if (!outranksOrEquals(principal.role, current.role)) {
        throw new ServerError('PERMISSION_DENIED', `A ${principal.role} cannot change a ${current.role}.`);
      }
      const after = { role: patch.role ?? current.role, permissions: patch.permissions ?? current.permissions };
      if (grantsApproval(current, after)) {
        const decision = await proposeMemberChange(tx, tenantId, principal.userId, {
          change: 'update',
          userId,
          email: current.email,
          from: standingOf(current),
          patch,
        });
        if (decision) return { decision };
      }
      const user = await applyUserPatch(tx, tenantId, principal.userId, current, patch);
      // Their devices' poke sockets close on every replica; their credentials are refused from now on.
      if (user.status !== 'ACTIVE') await notifySync(tx, { tenantId, suspended: userId });
      return { user };
    });
    if (outcome.decision) return awaitApprovers(tenantId, outcome.decision, reply);
    if (outcome.user.status !== 'ACTIVE') hub.end({ userId });
    request.log.info({ userId, patch }, 'user changed');
    return userView(outcome.user);
  });

  /** Ends every session of a user (a lost laptop, a leaked token) without changing their status. */
  const revoke = {
    method: 'POST',
    url: '/tenants/:tenantId/users/:userId/sessions/revoke',
    summary: "End all of a user's sessions (users.manage)",
    signedIn: true,
    access: { permission: 'users.manage' },
    params: UserParams,
    success: {
      status: 200,
      description: 'How many sessions ended',
      schema: z.object({ revoked: z.number().int().nonnegative() }).strict(),
    },
    problems: {
      403: 'PERMISSION_DENIED: without users.manage, or above the caller',
      404: 'NOT_FOUND: no such user in the tenant, or not the caller’s tenant',
    },
  } as const;
  addRoute(app, openapi, revoke, async ({ params: { tenantId, userId }, principal }) => {
    const revoked = await db.transaction({ tenantId }, async (tx) => {
      const target = await lockUser(tx, tenantId, userId);
      if (userId !== principal.userId && !outranksOrEquals(principal.role, target.role)) {
        throw new ServerError('PERMISSION_DENIED', `A ${principal.role} cannot end a ${target.role}'s sessions.`);
      }
      const ended = await tx.query(
        'update sessions set revoked_at = now() where user_id = $1 and revoked_at is null returning id',
        [userId],
      );
      await appendAudit(tx, tenantId, {
        actor: userActor(principal.userId),
        action: 'user.sessionsRevoked',
        subject: `user:${userId}`,
        data: { sessions: ended.length },
      });
      return ended.length;
    });
    hub.end({ userId });
    return { revoked };
  });
}
