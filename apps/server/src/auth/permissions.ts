import { z } from 'zod';
import { ServerError } from '../http/problem.js';
import { tenantNotFound } from '../tenants/not-found.js';
import { type Role, TenantRole } from '../users/user.js';
import type { Principal } from './principal.js';

/** What a user may do inside a tenant. Roles bring some; a user's custom permissions add more. */
export const Permission = z.enum(['decisions.propose', 'decisions.approve', 'users.manage', 'audit.read']);
export type Permission = z.infer<typeof Permission>;

/**
 * ROOT_OWNER administers the installation (users, audit) but takes no part in a tenant's decisions:
 * a tenant is a sovereign organisation. Members propose; sovereigns and owners also approve.
 */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ROOT_OWNER: ['users.manage', 'audit.read'],
  sovereign: Permission.options,
  owner: Permission.options,
  member: ['decisions.propose'],
};

export function effectivePermissions(role: Role, custom: readonly string[]): ReadonlySet<Permission> {
  const granted = new Set<Permission>(ROLE_PERMISSIONS[role]);
  for (const name of custom) if (Permission.safeParse(name).success) granted.add(name as Permission);
  return granted;
}

/**
 * Who may call a signed-in route beyond holding a session, declared by the route and checked before its
 * handler runs (`addRoute`). `roles`: one of these roles, for routes outside any tenant. The others are
 * about the tenant in the path (`:tenantId`), which looks missing (404) to anyone from elsewhere:
 * `tenant: 'visible'` lets in ROOT_OWNER and the tenant's own users; `permission` also needs that
 * permission there (403 without it), and `tenantUsersOnly` shuts ROOT_OWNER out, who takes no part in a
 * tenant's decisions. What depends on the rows (whom a user may change, who may review a decision) is
 * the handler's to check.
 */
export type Access =
  | { roles: readonly Role[] }
  | { tenant: 'visible' }
  | { permission: Permission; tenantUsersOnly?: true };

/** A tenant's users, whatever their role: ROOT_OWNER, who belongs to no tenant, is refused (403). */
export const TENANT_USERS = { roles: TenantRole.options } as const satisfies Access;

/** The kinds of `Access` that read the tenant from the path. */
export type TenantAccess = Exclude<Access, { roles: readonly Role[] }>;

/** Refuses `principal` what `access` does not let it do; `tenantId` is the path's, for tenant access. */
export function requireAccess(principal: Principal, access: Access, tenantId: string | undefined): void {
  if ('roles' in access) {
    if (!access.roles.includes(principal.role)) {
      throw new ServerError('PERMISSION_DENIED', `Only ${access.roles.join(', ')} may do this.`);
    }
    return;
  }
  if (tenantId === undefined) throw new Error('a route with tenant access has a :tenantId parameter');
  if ('tenant' in access) requireTenantAccess(principal, tenantId);
  else if (access.tenantUsersOnly) requireMemberPermission(principal, tenantId, access.permission);
  else requirePermission(principal, tenantId, access.permission);
}

/** ROOT_OWNER may look into any tenant; anyone else only into their own. Other tenants look missing. */
export function requireTenantAccess(principal: Principal, tenantId: string): void {
  if (principal.role !== 'ROOT_OWNER' && principal.tenantId !== tenantId) throw tenantNotFound();
}

/** `permission` inside `tenantId`: an outsider gets NOT_FOUND, an insider without it PERMISSION_DENIED. */
function requirePermission(principal: Principal, tenantId: string, permission: Permission): void {
  requireTenantAccess(principal, tenantId);
  if (!principal.permissions.has(permission)) {
    throw new ServerError('PERMISSION_DENIED', `This needs the permission ${permission}.`, { permission });
  }
}

/** Like `requirePermission`, and the caller must belong to the tenant: ROOT_OWNER does not act inside one. */
function requireMemberPermission(principal: Principal, tenantId: string, permission: Permission): void {
  requirePermission(principal, tenantId, permission);
  if (principal.tenantId !== tenantId) {
    throw new ServerError('PERMISSION_DENIED', `Only the tenant's own users have ${permission}.`, { permission });
  }
}
