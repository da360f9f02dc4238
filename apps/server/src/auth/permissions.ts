import { z } from 'zod';
import { ServerError } from '../http/problem.js';
import { tenantNotFound } from '../tenants/not-found.js';
import type { Role } from '../users/user.js';
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

/** ROOT_OWNER may look into any tenant; anyone else only into their own. Other tenants look missing. */
export function requireTenantAccess(principal: Principal, tenantId: string): void {
  if (principal.role !== 'ROOT_OWNER' && principal.tenantId !== tenantId) throw tenantNotFound();
}

/** `permission` inside `tenantId`: an outsider gets NOT_FOUND, an insider without it PERMISSION_DENIED. */
export function requirePermission(principal: Principal, tenantId: string, permission: Permission): void {
  requireTenantAccess(principal, tenantId);
  if (!principal.permissions.has(permission)) {
    throw new ServerError('PERMISSION_DENIED', `This needs the permission ${permission}.`, { permission });
  }
}

/** Like `requirePermission`, and the caller must belong to the tenant: ROOT_OWNER does not act inside one. */
export function requireMemberPermission(principal: Principal, tenantId: string, permission: Permission): void {
  requirePermission(principal, tenantId, permission);
  if (principal.tenantId !== tenantId) {
    throw new ServerError('PERMISSION_DENIED', `Only the tenant's own users have ${permission}.`, { permission });
  }
}
