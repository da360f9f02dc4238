import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { requireTenantAccess } from '../auth/permissions.js';
import { authenticateToken, type Principal } from '../auth/principal.js';
import type { Database } from '../db/database.js';
import type { OpenApiDocument } from '../http/openapi.js';
import { ServerError } from '../http/problem.js';
import { TenantParams } from '../tenants/params.js';
import { type NotificationHub, SESSION_ENDED } from './hub.js';

/** How long a socket without an Authorization header has to send its token. */
const AUTHENTICATE_WITHIN_MS = 5_000;
const AuthenticateMessage = z.object({ type: z.literal('authenticate'), token: z.string().max(200) }).strict();

/** Close codes besides SESSION_ENDED (4401); a close reason must fit in 123 bytes. */
const CLOSE = { badRequest: 4400, notFound: 4404 } as const;

/**
 * `GET /tenants/:tenantId/events`, a WebSocket: after it is authenticated (an `Authorization: Bearer`
 * header, or, for browsers that cannot set one, a first message `{"type":"authenticate","token":…}`), it
 * receives `{"type":"ready"}`, then every decision change of the tenant as `{type, tenantId, decision}`.
 */
export function registerNotificationRoutes(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  db: Database,
  hub: NotificationHub,
): void {
  openapi.add(
    {
      method: 'GET',
      url: '/tenants/:tenantId/events',
      summary:
        'WebSocket: the tenant’s decision changes ({type: decision.proposed | decision.approvalRecorded | ' +
        'decision.approved | decision.rejected | decision.expired, tenantId, decision}). Authenticate with ' +
        'Authorization: Bearer, or send {"type":"authenticate","token"} first.',
      signedIn: true,
      success: { status: 101, description: 'Switching to WebSocket' },
    },
    { params: TenantParams, query: z.object({}).strict(), body: z.object({}).strict() },
  );

  app.register(websocket, { options: { maxPayload: 4096 } });
  app.register(async (scoped) => {
    scoped.get('/tenants/:tenantId/events', { websocket: true }, (socket, request) => {
      const params = TenantParams.safeParse(request.params);
      if (!params.success) {
        socket.close(CLOSE.badRequest, 'The tenant id is not valid.');
        return;
      }
      const { tenantId } = params.data;

      const join = async (token: string) => {
        let principal: Principal;
        try {
          principal = await authenticateToken(db, token);
          requireTenantAccess(principal, tenantId);
        } catch (error) {
          if (!(error instanceof ServerError)) {
            request.log.error({ err: error }, 'authenticating a socket failed');
            socket.close(1011, 'The server failed; the details are in its log.');
          } else if (error.code === 'NOT_FOUND') socket.close(CLOSE.notFound, 'There is no such tenant.');
          else socket.close(SESSION_ENDED, 'The session has ended or is not valid: log in again.');
          return;
        }
        if (socket.readyState !== socket.OPEN) return;
        hub.add(tenantId, socket, {
          userId: principal.userId,
          sessionId: principal.sessionId,
          expiresAt: principal.sessionExpiresAt,
        });
        socket.send(JSON.stringify({ type: 'ready', tenantId }));
      };

      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        void join(header.slice(7));
        return;
      }
      awaitToken(socket, join);
    });
  });
}

/**
 * For a socket opened without an Authorization header: its first message must be
 * `{"type":"authenticate","token"}` within a few seconds, else it is closed (`codes`: after the wait, and
 * for another first message). Also the sync poke socket's (src/sync/routes.ts).
 */
export function awaitToken(
  socket: WebSocket,
  join: (token: string) => Promise<void>,
  codes: { timeout: number; invalid: number } = { timeout: SESSION_ENDED, invalid: CLOSE.badRequest },
): void {
  const timer = setTimeout(
    () => socket.close(codes.timeout, 'Send {"type":"authenticate","token":…} first.'),
    AUTHENTICATE_WITHIN_MS,
  );
  socket.once('message', (raw) => {
    clearTimeout(timer);
    let parsed: ReturnType<typeof AuthenticateMessage.safeParse>;
    try {
      parsed = AuthenticateMessage.safeParse(JSON.parse(String(raw)));
    } catch {
      parsed = AuthenticateMessage.safeParse(undefined);
    }
    if (!parsed.success) {
      socket.close(codes.invalid, 'The first message must be {"type":"authenticate","token":…}.');
      return;
    }
    void join(parsed.data.token);
  });
  socket.once('close', () => clearTimeout(timer));
}
