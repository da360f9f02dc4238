import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticate, type Principal } from '../auth/principal.js';
import { newToken, tokenHash } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import { TenantParams, tenantNotFound } from '../tenants/routes.js';
import { Email, outranksOrEquals, TenantRole, USER_COLUMNS, type UserRow, UserStatus, userView } from './user.js';

const InviteBody = z.object({ email: Email, role: TenantRole }).strict();
const UserParams = TenantParams.extend({ userId: z.uuid('must be a user id') }).strict();
/** The only fields a PATCH may touch; ids, tenant, email and timestamps are not among them. */
const UserPatch = z
  .object({ role: TenantRole.optional(), status: UserStatus.optional() })
  .strict()
  .refine((patch) => patch.role !== undefined || patch.status !== undefined, 'name a role or a status to change');

/** ROOT_OWNER anywhere; a tenant's sovereign or owner in their own tenant. Other tenants look missing. */
function requireManager(principal: Principal, tenantId: string): void {
  if (principal.role === 'ROOT_OWNER') return;
  if (principal.tenantId !== tenantId) throw tenantNotFound();
  if (principal.role === 'member') throw new ServerError('PERMISSION_DENIED', 'Members cannot manage users.');
}

function userNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'There is no such user in this tenant.');
}

export function registerUserRoutes(app: FastifyInstance, openapi: OpenApiDocument, db: Database): void {
  const list = {
    method: 'GET',
    url: '/tenants/:tenantId/users',
    summary: "A tenant's users",
    signedIn: true,
    params: TenantParams,
    responses: { 200: '{users}' },
  } as const;
  addRoute(app, openapi, list, async ({ params: { tenantId } }, request) => {
    const principal = await authenticate(db, request);
    if (principal.role !== 'ROOT_OWNER' && principal.tenantId !== tenantId) throw tenantNotFound();
    const rows = await db.transaction({ tenantId }, (tx) =>
      tx.query<UserRow>(`select ${USER_COLUMNS} from users where tenant_id = $1 order by created_at, id`, [tenantId]),
    );
    return { users: rows.map(userView) };
  });

  /** Invites by email with a role; the answer carries the one-time token the invitee sets a password with. */
  const invite = {
    method: 'POST',
    url: '/tenants/:tenantId/users',
    summary: 'Invite a user with a role',
    signedIn: true,
    params: TenantParams,
    body: InviteBody,
    responses: { 201: '{user, invitationToken}' },
  } as const;
  addRoute(app, openapi, invite, async ({ params: { tenantId }, body: { email, role } }, request, reply) => {
    const principal = await authenticate(db, request);
    requireManager(principal, tenantId);
    if (!outranksOrEquals(principal.role, role)) {
      throw new ServerError('PERMISSION_DENIED', `A ${principal.role} cannot grant the role ${role}.`);
    }
    const invitationToken = newToken();
    try {
      const [user] = await db.transaction({ tenantId }, async (tx) => {
        const tenants = await tx.query('select id from tenants where id = $1', [tenantId]);
        if (tenants.length === 0) throw tenantNotFound();
        return tx.query<UserRow>(
          `insert into users (tenant_id, email, role, invitation_hash) values ($1, $2, $3, $4) returning ${USER_COLUMNS}`,
          [tenantId, email, role, tokenHash(invitationToken)],
        );
      });
      if (!user) throw new Error('insert returned no user');
      return reply.code(201).send({ user: userView(user), invitationToken });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ServerError('ALREADY_EXISTS', `A user with the email ${email} exists.`);
      throw error;
    }
  });

  /** Role and status only; a status other than ACTIVE ends the user's sessions at once. */
  const change = {
    method: 'PATCH',
    url: '/tenants/:tenantId/users/:userId',
    summary: "Change a user's role or status",
    signedIn: true,
    params: UserParams,
    body: UserPatch,
    responses: { 200: 'The user' },
  } as const;
  addRoute(app, openapi, change, async ({ params: { tenantId, userId }, body: patch }, request) => {
    const principal = await authenticate(db, request);
    requireManager(principal, tenantId);
    if (principal.userId === userId)
      throw new ServerError('PERMISSION_DENIED', 'Nobody changes their own role or status.');
    if (patch.role && !outranksOrEquals(principal.role, patch.role)) {
      throw new ServerError('PERMISSION_DENIED', `A ${principal.role} cannot grant the role ${patch.role}.`);
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
      const [updated] = await tx.query<UserRow>(
        `update users set role = coalesce($2, role), status = coalesce($3, status), updated_at = now()
          where id = $1 returning ${USER_COLUMNS}`,
        [userId, patch.role ?? null, patch.status ?? null],
      );
      if (updated && updated.status !== 'ACTIVE') {
        await tx.query('update sessions set revoked_at = now() where user_id = $1 and revoked_at is null', [userId]);
      }
      return updated;
    });
    if (!user) throw userNotFound();
    request.log.info({ userId, patch }, 'user changed');
    return userView(user);
  });
}
