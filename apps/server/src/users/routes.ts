import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import { Permission, requirePermission, requireTenantAccess } from '../auth/permissions.js';
import { authenticate } from '../auth/principal.js';
import { newToken, tokenHash } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import type { NotificationHub } from '../notifications/hub.js';
import { tenantNotFound } from '../tenants/not-found.js';
import { TenantParams } from '../tenants/params.js';
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

function userNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'There is no such user in this tenant.');
}

export function registerUserRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  hub: NotificationHub,
): void {
  const list = {
    method: 'GET',
    url: '/tenants/:tenantId/users',
    summary: "A tenant's users",
    signedIn: true,
    params: TenantParams,
    success: {
      status: 200,
      description: "The tenant's users, oldest first",
      schema: z.object({ users: z.array(UserView) }).strict(),
    },
    problems: { 404: "NOT_FOUND: no such tenant, or another tenant's" },
  } as const;
  addRoute(app, openapi, list, async ({ params: { tenantId } }, request) => {
    const principal = await authenticate(db, request);
    requireTenantAccess(principal, tenantId);
    const rows = await db.transaction({ tenantId }, (tx) =>
      tx.query<UserRow>(`select ${USER_COLUMNS} from users where tenant_id = $1 order by created_at, id`, [tenantId]),
    );
    return { users: rows.map(userView) };
  });

  /** Invites by email with a role; the answer carries the one-time token the invitee sets a password with. */
  const invite = {
    method: 'POST',
    url: '/tenants/:tenantId/users',
    summary: 'Invite a user with a role (users.manage)',
    signedIn: true,
    params: TenantParams,
    body: InviteBody,
    success: {
      status: 201,
      description: 'The invited user, and the one-time token they set a password with',
      schema: z.object({ user: UserView, invitationToken: z.string() }).strict(),
    },
    problems: {
      403: 'PERMISSION_DENIED: without users.manage, or a role above the caller',
      404: "NOT_FOUND: no such tenant, or another tenant's",
      409: 'ALREADY_EXISTS: a user has this email',
    },
  } as const;
  addRoute(app, openapi, invite, async ({ params: { tenantId }, body: { email, role } }, request, reply) => {
    const principal = await authenticate(db, request);
    requirePermission(principal, tenantId, 'users.manage');
    if (!outranksOrEquals(principal.role, role)) {
      throw new ServerError('PERMISSION_DENIED', `A ${principal.role} cannot grant the role ${role}.`);
    }
    const invitationToken = newToken();
    try {
      const user = await db.transaction({ tenantId }, async (tx) => {
        const tenants = await tx.query('select id from tenants where id = $1', [tenantId]);
        if (tenants.length === 0) throw tenantNotFound();
        const [created] = await tx.query<UserRow>(
          `insert into users (tenant_id, email, role, invitation_hash) values ($1, $2, $3, $4) returning ${USER_COLUMNS}`,
          [tenantId, email, role, tokenHash(invitationToken)],
        );
        if (!created) throw new Error('insert returned no user');
        await appendAudit(tx, tenantId, {
          actor: userActor(principal.userId),
          action: 'user.invited',
          subject: `user:${created.id}`,
          data: { role },
        });
        return created;
      });
      reply.code(201);
      return { user: userView(user), invitationToken };
    } catch (error) {
      if (isUniqueViolation(error)) throw new ServerError('ALREADY_EXISTS', `A user with the email ${email} exists.`);
      throw error;
    }
  });

  /** Role, status and custom permissions only; a status other than ACTIVE ends the user's sessions at once. */
  const change = {
    method: 'PATCH',
    url: '/tenants/:tenantId/users/:userId',
    summary: "Change a user's role, status or custom permissions (users.manage)",
    signedIn: true,
    params: UserParams,
    body: UserPatch,
    success: { status: 200, description: 'The user as changed', schema: UserView },
    problems: {
      403: 'PERMISSION_DENIED: without users.manage, oneself, or above the caller',
      404: 'NOT_FOUND: no such user in the tenant, or not the caller’s tenant',
    },
  } as const;
  addRoute(app, openapi, change, async ({ params: { tenantId, userId }, body: patch }, request) => {
    const principal = await authenticate(db, request);
    requirePermission(principal, tenantId, 'users.manage');
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

    const user = await db.transaction({ tenantId }, async (tx) => {
      const [current] = await tx.query<UserRow>(
        `select ${USER_COLUMNS} from users where id = $1 and tenant_id = $2 for update`,
        [userId, tenantId],
      );
      if (!current) throw userNotFound();
      if (!outranksOrEquals(principal.role, current.role)) {
        throw new ServerError('PERMISSION_DENIED', `A ${principal.role} cannot change a ${current.role}.`);
      }
      const permissions = patch.permissions ? [...new Set(patch.permissions)].sort() : null;
      const [updated] = await tx.query<UserRow>(
        `update users set role = coalesce($2, role), status = coalesce($3, status),
                permissions = coalesce($4::text[], permissions), updated_at = now()
          where id = $1 returning ${USER_COLUMNS}`,
        [userId, patch.role ?? null, patch.status ?? null, permissions],
      );
      if (!updated) throw userNotFound();
      if (updated.status !== 'ACTIVE') {
        await tx.query('update sessions set revoked_at = now() where user_id = $1 and revoked_at is null', [userId]);
      }
      await appendAudit(tx, tenantId, {
        actor: userActor(principal.userId),
        action: 'user.changed',
        subject: `user:${userId}`,
        data: {
          from: { role: current.role, status: current.status, permissions: [...current.permissions].sort() },
          to: { role: updated.role, status: updated.status, permissions: [...updated.permissions].sort() },
        },
      });
      return updated;
    });
    if (user.status !== 'ACTIVE') hub.end({ userId });
    request.log.info({ userId, patch }, 'user changed');
    return userView(user);
  });

  /** Ends every session of a user (a lost laptop, a leaked token) without changing their status. */
  const revoke = {
    method: 'POST',
    url: '/tenants/:tenantId/users/:userId/sessions/revoke',
    summary: "End all of a user's sessions (users.manage)",
    signedIn: true,
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
  addRoute(app, openapi, revoke, async ({ params: { tenantId, userId } }, request) => {
    const principal = await authenticate(db, request);
    requirePermission(principal, tenantId, 'users.manage');
    const revoked = await db.transaction({ tenantId }, async (tx) => {
      const [target] = await tx.query<UserRow>(
        `select ${USER_COLUMNS} from users where id = $1 and tenant_id = $2 for update`,
        [userId, tenantId],
      );
      if (!target) throw userNotFound();
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
