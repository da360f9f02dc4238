import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Core } from '@webnova/core';
import { CoreError, type ErrorMessage, type ServerMessage } from '@webnova/core/contracts';
import { WebSocket, WebSocketServer } from 'ws';

/** Close code telling the client its token was refused, so it stops reconnecting. */
export const CLOSE_UNAUTHORIZED = 4401;
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serves core's API over WebSocket at `/api`. A connection must carry the per-launch token
 * (`?token=`), and a browser's Origin must be this host itself, so neither another local user
 * nor a web page open in some browser can drive the IDE.
 */
export function createApiSocket(core: Core, token: string) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const unsubscribe = core.subscribe((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload } satisfies ServerMessage);
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
  });

  wss.on('connection', (socket: WebSocket, authorized: boolean) => {
    if (!authorized) {
      socket.close(CLOSE_UNAUTHORIZED, 'invalid token');
      return;
    }
    socket.on('message', async (data, isBinary) => {
      let message: unknown;
      try {
        message = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        message = undefined;
      }
      const reply =
        message === undefined
          ? ({
              type: 'error',
              id: null,
              error: new CoreError('INVALID_INPUT', 'Messages must be JSON text.').toShape(),
            } satisfies ErrorMessage)
          : await core.dispatch(message);
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(reply));
    });
  });

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://host');
    const origin = req.headers.origin;
    const selfOrigin = `http://${req.headers.host}`;
    if (url.pathname !== '/api' || (origin !== undefined && origin !== selfOrigin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const authorized = sameToken(url.searchParams.get('token'), token);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, authorized));
  }

  function close(): Promise<void> {
    unsubscribe();
    for (const client of wss.clients) client.close(1001, 'host shutting down');
    return new Promise((resolve) => wss.close(() => resolve()));
  }

  return { handleUpgrade, close };
}
