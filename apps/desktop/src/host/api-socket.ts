import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Connection, type Core, type Log, MAX_MESSAGE_DEPTH } from '@webnova/core';
import { CoreError, LOCAL_OWNER, type ReplyMessage, type ServerMessage } from '@webnova/core/contracts';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { API_PATH, API_PROTOCOL } from '../shared/access-protocol.js';
import { type Access, offeredToken } from './access.js';
import { jsonNestingWithin } from './json-depth.js';
import { refuseSocket } from './refusal.js';

/** The largest frame or message a client may send; ws refuses a bigger one from its header, before buffering it. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

const errorReply = (code: 'INVALID_INPUT' | 'INTERNAL', message: string, details?: unknown): ReplyMessage => ({
  type: 'error',
  id: null,
  error: new CoreError(code, message, details).toShape(),
});

/** A text frame's message for core, or the typed error that answers it. Depth is checked before parsing. */
function readMessage(data: RawData, isBinary: boolean): { message: unknown } | { refused: ReplyMessage } {
  if (isBinary) return { refused: errorReply('INVALID_INPUT', 'Messages must be JSON text, not binary frames.') };
  const text = data.toString();
  if (!jsonNestingWithin(text, MAX_MESSAGE_DEPTH)) {
    return {
      refused: errorReply(
        'INVALID_INPUT',
        `The message nests arrays and objects deeper than ${MAX_MESSAGE_DEPTH} levels, the limit.`,
        { limit: MAX_MESSAGE_DEPTH },
      ),
    };
  }
  try {
    return { message: JSON.parse(text) };
  } catch {
    return { refused: errorReply('INVALID_INPUT', 'Messages must be JSON text.') };
  }
}

/**
 * Serves core's API over WebSocket at `/api`. The connection is authorized before it is upgraded:
 * a request without this launch's token gets a plain `401` and its socket is closed, so not one
 * byte of an unauthenticated peer reaches the frame parser. The caller has already checked Host.
 */
export function createApiSocket(core: Core, access: Access, log: Log) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Compression would let a small frame inflate to the limit; the host is on loopback, it saves nothing.
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(API_PROTOCOL) ? API_PROTOCOL : false),
  });
  wss.on('error', (error) => log('warn', 'web host: WebSocket server error', { error: String(error) }));

  const send = (socket: WebSocket, frame: ServerMessage | ReplyMessage) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (error) {
      // A value JSON cannot carry (a cycle, a BigInt) is a bug in core: answer the call, do not fall over.
      log('error', 'web host: a reply could not be serialised', { error: String(error) });
      if (frame.type === 'event') return;
      text = JSON.stringify({ ...errorReply('INTERNAL', 'The answer could not be sent.'), id: frame.id });
    }
    socket.send(text);
  };

  const unsubscribe = core.subscribe((event, payload) => {
    for (const client of wss.clients) send(client, { type: 'event', event, payload });
  });

  async function answer(socket: WebSocket, connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    const read = readMessage(data, isBinary);
    const reply = 'refused' in read ? read.refused : await connection.dispatch(read.message);
    if (reply) send(socket, reply);
  }

  function serve(socket: WebSocket): void {
    log('debug', 'web host: an API client connected', { clients: wss.clients.size });
    // The launch token was checked before the upgrade: whoever holds it is the person at this computer.
    const connection = core.connect({ transport: 'websocket', actor: LOCAL_OWNER });
    socket.on('close', () => connection.close());
    // ws closes the socket itself after a bad frame (1002) or one over maxPayload (1009); this only
    // keeps the error from being thrown, which would end the host.
    socket.on('error', (error) => log('debug', 'web host: client socket error', { error: String(error) }));
    socket.on('message', (data, isBinary) => {
      answer(socket, connection, data, isBinary).catch((error) =>
        log('error', 'web host: a message could not be answered', { error: String(error) }),
      );
    });
  }

  const token = (req: IncomingMessage) => offeredToken(req.headers['sec-websocket-protocol']);

  /** An upgrade request whose Host was accepted: the path, then Origin, then the token, then the upgrade. */
  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, sameOrigin: boolean): void {
    const path = req.url?.split('?')[0];
    // A page on another origin (the previewed app on its own port, a site in another tab) is not the IDE.
    const refusal = path !== API_PATH ? 404 : !sameOrigin ? 403 : access.admits(token(req)) ? null : 401;
    if (refusal) {
      refuseSocket(socket, refusal);
      return;
    }
    wss.handleUpgrade(req, socket, head, serve);
  }

  function close(): Promise<void> {
    unsubscribe();
    for (const client of wss.clients) client.close(1001, 'host shutting down');
    return new Promise((resolve) => wss.close(() => resolve()));
  }

  return { handleUpgrade, close };
}
