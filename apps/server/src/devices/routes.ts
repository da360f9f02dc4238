import { DeviceList, DeviceRecord, RegisterDeviceRequest, RegisteredDevice } from '@webnova/core/contracts/sync';
import type { FastifyInstance } from 'fastify';
import { v4 as uuidv4 } from 'uuid';
import { z } from 'zod';
import { appendAudit, userActor } from '../audit/chain.js';
import { TENANT_USERS } from '../auth/permissions.js';
import { type Principal, tenantOfUser } from '../auth/principal.js';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import { notifySync } from '../sync/log.js';
import { TenantRole, toIso } from '../users/user.js';
import { newDeviceCredential } from './credential.js';

const DeviceParams = z.object({ deviceId: z.uuid('must be a device id') }).strict();
/** Owners see (and may revoke) every device of their tenant; anyone else only their own. */
const SEES_ALL: readonly string[] = ['sovereign', 'owner'];

interface DeviceRow {
  id: string;
  name: string;
  user_id: string;
  user_email: string;
  registered_at: string | Date;
  last_seen_at: string | Date | null;
  revoked_at: string | Date | null;
  last_seq: number;
}

/** A device with its user's email (users is under the same tenant's row-level security). */
const DEVICE_COLUMNS = `d.id, d.name, d.user_id, (select u.email from users u where u.id = d.user_id) as user_email,
  d.registered_at, d.last_seen_at, d.revoked_at, d.last_seq`;

function deviceRecord(row: DeviceRow): DeviceRecord {
  return {
    deviceId: row.id,
    name: row.name,
    userId: row.user_id,
    userEmail: row.user_email,
    registeredAt: toIso(row.registered_at),
    lastSeenAt: row.last_seen_at === null ? null : toIso(row.last_seen_at),
    revokedAt: row.revoked_at === null ? null : toIso(row.revoked_at),
    lastSeq: row.last_seq,
  };
}

/**
 * The devices a user may see: an owner's or sovereign's, every device of the tenant; anyone else's, their
 * own. Oldest first. Asked with a login session (`GET /devices`) or by a device (`GET /sync/devices`).
 */
export async function listDevices(
  db: Database,
  caller: { tenantId: string; userId: string; role: string },
): Promise<{ devices: DeviceRecord[] }> {
  const all = SEES_ALL.includes(caller.role);
  const rows = await db.queryOnce<DeviceRow>(
    { tenantId: caller.tenantId },
    `select ${DEVICE_COLUMNS} from devices d where d.tenant_id = $1 and ($2::boolean or d.user_id = $3)
      order by d.registered_at, d.id`,
    [caller.tenantId, all, caller.userId],
  );
  return { devices: rows.map(deviceRecord) };
}

/** The principal's tenant: every route here admits only a tenant's users (`TENANT_USERS`). */
const tenantOf = (principal: Principal) => tenantOfUser(principal, 'devices');

/**
 * `POST /devices`, `GET /devices`, `DELETE /devices/:deviceId`, with a login session. The credential is
 * in the registration's answer only; the server keeps its SHA-256. A revoked device's poke sockets are
 * closed on every replica (`notify` on the sync channel), and its next sync call hears DEVICE_REVOKED.
 */
export function registerDeviceRoutes(app: FastifyInstance, openapi: OpenApiDocument, db: Database): void {
  const register = {
    method: 'POST',
    url: '/devices',
    summary: 'Register a device of the signed-in user: its credential is in this answer only',
    signedIn: true,
    access: TENANT_USERS,
    body: RegisterDeviceRequest,
    success: { status: 201, description: 'The device and its credential', schema: RegisteredDevice },
    problems: { 403: 'PERMISSION_DENIED: ROOT_OWNER belongs to no tenant and registers no device' },
  } as const;
  addRoute(app, openapi, register, async ({ body, principal }, _request, reply) => {
    const tenantId = tenantOf(principal);
    const deviceId = uuidv4();
    const { credential, hash } = newDeviceCredential(deviceId);
    await db.transaction({ tenantId }, async (tx) => {
      await tx.query(
        'insert into devices (id, tenant_id, user_id, name, credential_hash) values ($1, $2, $3, $4, $5)',
        [deviceId, tenantId, principal.userId, body.name, hash],
      );
      await appendAudit(tx, tenantId, {
        actor: userActor(principal.userId),
        action: 'device.registered',
        subject: `device:${deviceId}`,
        data: { name: body.name },
      });
    });
    reply.code(201);
    return {
      deviceId,
      credential,
      userId: principal.userId,
      tenantId,
      role: TenantRole.parse(principal.role),
    };
  });

  const list = {
    method: 'GET',
    url: '/devices',
    summary: "The caller's devices; an owner's or sovereign's: every device of the tenant",
    signedIn: true,
    access: TENANT_USERS,
    success: { status: 200, description: 'The devices, oldest first', schema: DeviceList },
    problems: { 403: 'PERMISSION_DENIED: ROOT_OWNER belongs to no tenant' },
  } as const;
  addRoute(app, openapi, list, async ({ principal }) =>
    listDevices(db, { tenantId: tenantOf(principal), userId: principal.userId, role: principal.role }),
  );

  const revoke = {
    method: 'DELETE',
    url: '/devices/:deviceId',
    summary: 'Revoke a device (its user, or an owner or sovereign of its tenant): its credential stops working',
    signedIn: true,
    access: TENANT_USERS,
    params: DeviceParams,
    success: { status: 200, description: 'The device, revoked', schema: DeviceRecord },
    problems: {
      403: "PERMISSION_DENIED: another user's device, for a member; ROOT_OWNER",
      404: "NOT_FOUND: no such device in the caller's tenant",
    },
  } as const;
  addRoute(app, openapi, revoke, async ({ params: { deviceId }, principal }) => {
    const tenantId = tenantOf(principal);
    return db.transaction({ tenantId }, async (tx) => {
      const [device] = await tx.query<DeviceRow>(
        `select ${DEVICE_COLUMNS} from devices d where d.id = $1 and d.tenant_id = $2 for update of d`,
        [deviceId, tenantId],
      );
      if (!device) throw new ServerError('NOT_FOUND', 'There is no such device in this tenant.');
      if (device.user_id !== principal.userId && !SEES_ALL.includes(principal.role)) {
        throw new ServerError('PERMISSION_DENIED', "Only its user or the tenant's owners revoke a device.");
      }
      const [revoked] = await tx.query<DeviceRow>(
        `update devices d set revoked_at = coalesce(d.revoked_at, now()) where d.id = $1 returning ${DEVICE_COLUMNS}`,
        [deviceId],
      );
      if (device.revoked_at === null) {
        await appendAudit(tx, tenantId, {
          actor: userActor(principal.userId),
          action: 'device.revoked',
          subject: `device:${deviceId}`,
          data: { userId: device.user_id, name: device.name },
        });
      }
      await notifySync(tx, { tenantId, revoked: deviceId });
      if (!revoked) throw new Error('revoking returned no device');
      return deviceRecord(revoked);
    });
  });
}
