import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { effectivePermissions } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { tokenHash } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { ServerError } from '../http/problem.js';
import type { Role } from '../users/user.js';

/** Who calls a sync route: a registered device, its user and tenant, as the database says now. */
export interface DevicePrincipal {
  deviceId: string;
  tenantId: string;
  userId: string;
  /** The user's role now: what a pushed approval or constitution change is checked against. */
  role: Role;
  permissions: readonly string[];
  email: string;
  lastSeq: number;
}

/** `wnd_<deviceId>_<secret>`: the device's id in clear (for logs and support), 32 random bytes after it. */
const CREDENTIAL = /^wnd_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

/** Whether `bearer` has a device credential's shape (`wnd_…`) rather than a session token's. */
export function isDeviceCredential(bearer: string): boolean {
  return bearer.startsWith('wnd_');
}

/** A new credential for `deviceId` and what the server keeps of it (its SHA-256). */
export function newDeviceCredential(deviceId: string): { credential: string; hash: string } {
  const credential = `wnd_${deviceId}_${randomBytes(32).toString('base64url')}`;
  return { credential, hash: tokenHash(credential) };
}

export function unauthenticated(): ServerError {
  return new ServerError('UNAUTHENTICATED', 'Send this device’s credential: `Authorization: Bearer wnd_…`.');
}

export function deviceRevoked(): ServerError {
  return new ServerError('DEVICE_REVOKED', 'This device was revoked: sign in again to register it anew.');
}

interface DeviceRow {
  id: string;
  tenant_id: string;
  user_id: string;
  revoked: boolean;
  role: Role;
  status: string;
  permissions: string[];
  email: string;
  last_seq: number;
}

/**
 * The device behind a credential, read now (no cache): an unknown credential is `UNAUTHENTICATED`, a
 * revoked device `DEVICE_REVOKED`, and a device whose user is no longer active `UNAUTHENTICATED` (the
 * user must sign in again, which they cannot while suspended). Read in the installation scope, as a
 * session is: no tenant is known before the credential is.
 */
export async function authenticateCredential(db: Database, credential: string): Promise<DevicePrincipal> {
  if (!CREDENTIAL.test(credential)) throw unauthenticated();
  const [row] = await db.queryOnce<DeviceRow>(
    'installation',
    `select d.id, d.tenant_id, d.user_id, d.revoked_at is not null as revoked, d.last_seq, u.role, u.status,
            u.permissions, u.email
       from devices d join users u on u.id = d.user_id
      where d.credential_hash = $1`,
    [tokenHash(credential)],
  );
  if (!row) throw unauthenticated();
  if (row.revoked) throw deviceRevoked();
  if (row.status !== 'ACTIVE') {
    throw new ServerError('UNAUTHENTICATED', 'This device’s user is suspended or banned.', { suspended: true });
  }
  return {
    deviceId: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    role: row.role,
    permissions: row.permissions,
    email: row.email,
    lastSeq: row.last_seq,
  };
}

/** The credential in `Authorization: Bearer …`, or '' when there is none. */
export function bearerOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : '';
}

export function authenticateDevice(db: Database, request: FastifyRequest): Promise<DevicePrincipal> {
  return authenticateCredential(db, bearerOf(request));
}

/**
 * A device's user as the principal of a signed-in route that `acceptsDevices`. It has no session: the
 * session fields name the device and never expire (the credential is checked on every request).
 */
export function devicePrincipal(device: DevicePrincipal): Principal {
  return {
    sessionId: `device:${device.deviceId}`,
    sessionExpiresAt: new Date(8.64e15),
    userId: device.userId,
    tenantId: device.tenantId,
    role: device.role,
    email: device.email,
    permissions: effectivePermissions(device.role, device.permissions),
    deviceId: device.deviceId,
  };
}
