import { Instant } from '@webnova/core/contracts';
import { z } from 'zod';

export const Role = z.enum(['ROOT_OWNER', 'sovereign', 'owner', 'member']);
export type Role = z.infer<typeof Role>;

/** The roles a tenant's users can hold; ROOT_OWNER comes only from the bootstrap command. */
export const TenantRole = z.enum(['sovereign', 'owner', 'member']);
export type TenantRole = z.infer<typeof TenantRole>;

export const UserStatus = z.enum(['ACTIVE', 'SUSPENDED', 'BANNED']);
export type UserStatus = z.infer<typeof UserStatus>;

export const Email = z
  .email('must be an email address')
  .max(254)
  .transform((email) => email.toLowerCase());

const RANK: Record<Role, number> = { ROOT_OWNER: 4, sovereign: 3, owner: 2, member: 1 };

/** Whether `actor` stands at least as high as `role`: nobody grants or edits above themselves. */
export function outranksOrEquals(actor: Role, role: Role): boolean {
  return RANK[actor] >= RANK[role];
}

export interface UserRow {
  id: string;
  tenant_id: string | null;
  email: string;
  role: Role;
  status: UserStatus;
  password_hash: string | null;
  permissions: string[];
  totp_enabled: boolean;
  created_at: string | Date;
  updated_at: string | Date;
}

export const USER_COLUMNS =
  'id, tenant_id, email, role, status, password_hash, permissions, totp_enabled, created_at, updated_at';

/** A user as the API shows one: never the password or invitation hash, nor the TOTP secret. */
export const UserView = z
  .object({
    id: z.uuid(),
    /** Null only for ROOT_OWNER. */
    tenantId: z.uuid().nullable(),
    email: z.email(),
    role: Role,
    status: UserStatus,
    invitationPending: z.boolean(),
    /** Granted on top of the role's own. */
    permissions: z.array(z.string()),
    totpEnabled: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .strict();
export type UserView = z.infer<typeof UserView>;

export function toIso(value: string | Date): string {
  return new Date(value).toISOString();
}

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    role: row.role,
    status: row.status,
    invitationPending: row.password_hash === null,
    permissions: [...row.permissions].sort(),
    totpEnabled: row.totp_enabled,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}
