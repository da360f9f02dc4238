import type { AuditEntry } from '@webnova/core/contracts';
import {
  DeviceId,
  DeviceList,
  DeviceSeq,
  PullResponse,
  PushResponse,
  SYNC_MAX_AUDIT_ENTRIES,
  SYNC_MAX_PULL_EVENTS,
  SYNC_MAX_PUSH_BYTES,
  SYNC_MAX_PUSH_EVENTS,
  TenantAuditPage,
} from '@webnova/core/contracts/sync';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { effectivePermissions } from '../auth/permissions.js';
import type { Database } from '../db/database.js';
import { announceExpired } from '../decisions/expiry.js';
import { authenticateCredential, type DevicePrincipal } from '../devices/credential.js';
import { listDevices } from '../devices/routes.js';
import { BODY_LIMITS } from '../http/json-body.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { addRoute } from '../http/route.js';
import type { NotificationHub } from '../notifications/hub.js';
import { awaitToken } from '../notifications/routes.js';
import { type EventRow, LOG_PAGE, PULL_MAX_DATA_BYTES, pulledEvent } from './log.js';
import { POKE_CLOSE, type SyncPokes } from './pokes.js';
import { push } from './push.js';

/**
 * The push body as the route reads it: each event needs a seq, and is checked on its own afterwards
 * (`PushedEvent`), so one malformed event is refused `INVALID` with its seq spent instead of holding
 * back every event after it. The limits are checked before parsing (`bodyShape`, `bodyLimit`).
 */
const PushBody = z
  .object({
    deviceId: DeviceId,
    events: z
      .array(z.looseObject({ seq: DeviceSeq }))
      .min(1)
      .max(SYNC_MAX_PUSH_EVENTS),
  })
  .strict();

/** `?after=<n>&limit=<m>`: a place in a sequence (the log's position, the audit chain's seq) and a page size. */
const pageQuery = (after: string, max: number) =>
  z
    .object({
      after: z
        .string()
        .regex(/^\d{1,15}$/, `must be ${after}: a whole number from 0`)
        .transform(Number),
      limit: z
        .string()
        .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${max}`)
        .transform(Number)
        .pipe(z.number().min(1).max(max))
        .optional(),
    })
    .strict();

const PullQuery = pageQuery('a position', SYNC_MAX_PULL_EVENTS);
const AuditQuery = pageQuery('a seq', SYNC_MAX_AUDIT_ENTRIES);

/**
 * A page of the tenant's audit chain (`$1` tenant, `$2` after, `$3` limit + 1: one more than answered
 * says whether more wait, rows stored past the recorded count included) with the count and head the
 * tenant records, in one statement: one snapshot. Fields are named as in an AuditEntry, values as stored.
 */
const AUDIT_PAGE = `
  select (select coalesce(json_agg(json_build_object('seq', e.seq, 'prevHash', e.prev_hash,
                                   'occurredAt', e.occurred_at, 'actor', e.actor, 'action', e.action,
                                   'subject', e.subject, 'data', e.data, 'hash', e.hash) order by e.seq), '[]')
            from (select * from audit_entries where tenant_id = $1 and seq > $2 order by seq limit $3) e) as entries,
         t.audit_count as count, t.audit_head as head_hash
    from tenants t where t.id = $1`;

/** The device a sync route's handler is handed (`device: true` on its declaration). */
function deviceOf(device: DevicePrincipal | undefined): DevicePrincipal {
  if (!device) throw new Error('a sync route was reached without its device');
  return device;
}

/**
 * `POST /sync/push`, `GET /sync/pull` and the `GET /sync/poke` WebSocket (docs/SYNC.md), authenticated
 * by a device credential.
 */
export function registerSyncRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  hub: NotificationHub,
  pokes: SyncPokes,
): void {
  const pushSpec = {
    method: 'POST',
    url: '/sync/push',
    summary: "Push this device's events (docs/SYNC.md): each is accepted at a position, a duplicate, or refused",
    signedIn: false,
    device: true,
    bodyLimit: SYNC_MAX_PUSH_BYTES,
    bodyShape: { depth: BODY_LIMITS.depth, values: 1_000_000, listItems: SYNC_MAX_PUSH_EVENTS },
    body: PushBody,
    success: { status: 200, description: 'What became of each event, and the highest seq held', schema: PushResponse },
    problems: {
      403: 'PERMISSION_DENIED: the deviceId is not the credential’s device',
      409: 'SEQ_GAP: the events do not run on from the device’s lastSeq + 1 (details.lastSeq); nothing taken',
      422: 'SEQ_REUSED: a seq the server holds came again with other content; nothing taken',
    },
  } as const;
  addRoute(app, openapi, pushSpec, async ({ body, device: caller }, request) => {
    const device = deviceOf(caller);
    if (body.deviceId !== device.deviceId) {
      throw new ServerError('PERMISSION_DENIED', 'The deviceId is not the device this credential belongs to.');
    }
    const { response, published, expired } = await db.transaction({ tenantId: device.tenantId }, (tx) =>
      push(tx, device, body.events, request.log),
    );
    announceExpired(hub, device.tenantId, expired);
    for (const { type, decision } of published)
      hub.publish(device.tenantId, { type, tenantId: device.tenantId, decision });
    return response;
  });

  const pullSpec = {
    method: 'GET',
    url: '/sync/pull',
    summary: "The tenant's log after a position, in position order",
    signedIn: false,
    device: true,
    query: PullQuery,
    success: { status: 200, description: 'The events, the next cursor, and whether more wait', schema: PullResponse },
  } as const;
  addRoute(app, openapi, pullSpec, async ({ query, device: caller }) => {
    const device = deviceOf(caller);
    const limit = query.limit ?? SYNC_MAX_PULL_EVENTS;
    // The page and the log's head in one statement (one snapshot): positions are gapless, so more events
    // wait exactly when the head is past the page's last position.
    const [page] = await db.queryOnce<{ rows: EventRow[] | null; head: string | number }>(
      { tenantId: device.tenantId },
      `select (select json_agg(x order by x.position) from (${LOG_PAGE}) x) as rows,
              (select log_position from tenants where id = $1) as head`,
      [device.tenantId, query.after, limit, PULL_MAX_DATA_BYTES],
    );
    const events = (page?.rows ?? []).map(pulledEvent);
    const cursor = events.at(-1)?.position ?? query.after;
    return { events, cursor, more: Number(page?.head ?? 0) > cursor };
  });

  const auditSpec = {
    method: 'GET',
    url: '/sync/audit',
    summary: "The tenant's audit chain after a seq, in order, for a device to verify (needs audit.read)",
    signedIn: false,
    device: true,
    query: AuditQuery,
    success: {
      status: 200,
      description: 'The entries, whether more wait, and the count and head hash the tenant records',
      schema: TenantAuditPage,
    },
    problems: { 403: "PERMISSION_DENIED: the device's user does not hold audit.read" },
  } as const;
  addRoute(app, openapi, auditSpec, async ({ query, device: caller }) => {
    const device = deviceOf(caller);
    // As /tenants/:id/audit/export: the chain says who did what to whom, which a member does not read.
    if (!effectivePermissions(device.role, device.permissions).has('audit.read')) {
      throw new ServerError('PERMISSION_DENIED', 'Reading the tenant’s audit chain needs audit.read.');
    }
    const limit = query.limit ?? SYNC_MAX_AUDIT_ENTRIES;
    const [page] = await db.queryOnce<{ entries: AuditEntry[]; count: number; head_hash: string }>(
      { tenantId: device.tenantId },
      AUDIT_PAGE,
      [device.tenantId, query.after, limit + 1],
    );
    const entries = page?.entries ?? [];
    return {
      entries: entries.slice(0, limit),
      more: entries.length > limit,
      count: page?.count ?? 0,
      headHash: page?.head_hash ?? '',
    };
  });

  const devicesSpec = {
    method: 'GET',
    url: '/sync/devices',
    summary: "The devices the device's user may see: an owner's, every device of the tenant; anyone else's, their own",
    signedIn: false,
    device: true,
    success: { status: 200, description: 'The devices, oldest first', schema: DeviceList },
  } as const;
  addRoute(app, openapi, devicesSpec, async ({ device: caller }) => {
    const device = deviceOf(caller);
    return listDevices(db, { tenantId: device.tenantId, userId: device.userId, role: device.role });
  });

  openapi.add(
    {
      method: 'GET',
      url: '/sync/poke',
      summary:
        'WebSocket: {"type":"poke","position"} on opening and whenever the tenant’s log grows, on any replica. ' +
        'Authenticate with Authorization: Bearer <device credential>, or send {"type":"authenticate","token"} ' +
        'first. Closes 4401 (unknown credential), 4403 (user suspended), 4410 (device revoked).',
      signedIn: false,
      device: true,
      success: { status: 101, description: 'Switching to WebSocket' },
    },
    { params: z.object({}).strict(), query: z.object({}).strict(), body: z.object({}).strict() },
  );
  app.register(async (scoped) => {
    scoped.get('/sync/poke', { websocket: true }, (socket, request) => {
      const join = async (token: string) => {
        let device: DevicePrincipal;
        try {
          device = await authenticateCredential(db, token);
        } catch (error) {
          closeRefused(socket, error, (failure) => request.log.error({ err: failure }, 'authenticating a poke failed'));
          return;
        }
        if (socket.readyState !== socket.OPEN) return;
        pokes.add(device.tenantId, device, socket);
      };
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        void join(header.slice(7));
        return;
      }
      awaitToken(socket, join, { timeout: POKE_CLOSE.unauthenticated, invalid: POKE_CLOSE.unauthenticated });
    });
  });
}

function closeRefused(socket: WebSocket, error: unknown, logFailure: (error: unknown) => void): void {
  if (!(error instanceof ServerError)) {
    logFailure(error);
    socket.close(1011, 'The server failed; the details are in its log.');
  } else if (error.code === 'DEVICE_REVOKED') socket.close(POKE_CLOSE.revoked, 'This device was revoked.');
  else if ((error.details as { suspended?: boolean } | undefined)?.suspended) {
    socket.close(POKE_CLOSE.suspended, 'This device’s user is suspended.');
  } else socket.close(POKE_CLOSE.unauthenticated, 'Unknown device credential.');
}
