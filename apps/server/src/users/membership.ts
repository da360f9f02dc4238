import { appendAudit, userActor } from '../audit/chain.js';
import { newToken, tokenHash } from '../auth/tokens.js';
import type { Queryable } from '../db/database.js';
import { ServerError } from '../http/problem.js';
import { enqueueInvitation } from '../invitations/outbox.js';
import { tenantNotFound } from '../tenants/not-found.js';
import { type Role, type TenantRole, USER_COLUMNS, type UserRow, type UserStatus } from './user.js';

/** What a PATCH may change; whatever it leaves out stays. */
export interface UserPatch {
  role?: TenantRole;
  status?: UserStatus;
  permissions?: string[];
}

/** A user's standing: what an approver-granting change is checked against when it is finally applied. */
export interface Standing {
  role: Role;
  status: UserStatus;
  permissions: string[];
}

export function standingOf(user: UserRow): Standing {
  return { role: user.role, status: user.status, permissions: [...user.permissions].sort() };
}

export function userNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'There is no such user in this tenant.');
}

/**
 * Invites `email` into the tenant with `role`, inside the caller's transaction: the user row, its audit
 * entry and the invitation in the outbox commit together. The one-time token goes only into the outbox,
 * for the invitee.
 */
export async function inviteUser(
  tx: Queryable,
  tenantId: string,
  inviterId: string,
  email: string,
  role: TenantRole,
  decisionId?: string,
): Promise<UserRow> {
  const [tenant] = await tx.query<{ name: string }>('select name from tenants where id = $1', [tenantId]);
  if (!tenant) throw tenantNotFound();
  const token = newToken();
  const [created] = await tx.query<UserRow>(
    `insert into users (tenant_id, email, role, invitation_hash) values ($1, $2, $3, $4) returning ${USER_COLUMNS}`,
    [tenantId, email, role, tokenHash(token)],
  );
  if (!created) throw new Error('insert returned no user');
  await appendAudit(tx, tenantId, {
    actor: userActor(inviterId),
    action: 'user.invited',
    subject: `user:${created.id}`,
    data: decisionId ? { role, decision: decisionId } : { role },
  });
  await enqueueInvitation(tx, tenantId, { email, token, tenantName: tenant.name, role });
  return created;
}

/** The tenant's user, locked for the rest of the transaction. */
export async function lockUser(tx: Queryable, tenantId: string, userId: string): Promise<UserRow> {
  const [current] = await tx.query<UserRow>(
    `select ${USER_COLUMNS} from users where id = $1 and tenant_id = $2 for update`,
    [userId, tenantId],
  );
  if (!current) throw userNotFound();
  return current;
}

/**
 * Applies `patch` to the locked user `current`, with its audit entry; a status other than ACTIVE ends the
 * user's sessions in the same transaction (the caller closes their sockets after commit).
 */
export async function applyUserPatch(
  tx: Queryable,
  tenantId: string,
  actorId: string,
  current: UserRow,
  patch: UserPatch,
  decisionId?: string,
): Promise<UserRow> {
  const permissions = patch.permissions ? [...new Set(patch.permissions)].sort() : null;
  const [updated] = await tx.query<UserRow>(
    `update users set role = coalesce($2, role), status = coalesce($3, status),
            permissions = coalesce($4::text[], permissions), updated_at = now()
      where id = $1 returning ${USER_COLUMNS}`,
    [current.id, patch.role ?? null, patch.status ?? null, permissions],
  );
  if (!updated) throw userNotFound();
  if (updated.status !== 'ACTIVE') {
    await tx.query('update sessions set revoked_at = now() where user_id = $1 and revoked_at is null', [current.id]);
  }
  const change = { from: { ...standingOf(current) }, to: { ...standingOf(updated) } };
  await appendAudit(tx, tenantId, {
    actor: userActor(actorId),
    action: 'user.changed',
    subject: `user:${current.id}`,
    data: decisionId ? { ...change, decision: decisionId } : change,
  });
  return updated;
}
