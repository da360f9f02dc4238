import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type Access, bearerToken } from './access.js';

/** A code exchange is a few dozen bytes; anything bigger is refused before it is read. */
const MAX_BODY_BYTES = 1024;
const CodeExchange = z.object({ code: z.string().max(128) }).strict();

const noStore = { 'Cache-Control': 'no-store' };

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      ...noStore,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    })
    .end(text);
}

/** The request body as text, or null when it is larger than `max` bytes (the rest is not read). */
async function readSmallBody(req: IncomingMessage, max: number): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > max) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `/api/session`. GET tells a client whether its bearer token is this launch's (204, else 401): a
 * browser cannot read why a WebSocket upgrade failed, so the UI asks here and stops retrying on 401.
 * POST `{"code": …}` exchanges a one-time code (from the file `--open` loads) for the token, once.
 * The caller has checked Host and Origin; a JSON body also keeps cross-site forms out.
 */
export function createSessionRoute(access: Access) {
  return async function session(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' || req.method === 'HEAD') {
      res.writeHead(access.admits(bearerToken(req.headers.authorization)) ? 204 : 401, noStore).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { ...noStore, Allow: 'GET, HEAD, POST' }).end();
      return;
    }
    if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) {
      json(res, 415, { error: 'Send the code as application/json.' });
      return;
    }
    const body = await readSmallBody(req, MAX_BODY_BYTES);
    if (body === null) {
      res.writeHead(413, { ...noStore, Connection: 'close' }).end();
      req.destroy();
      return;
    }
    let exchange: z.infer<typeof CodeExchange> | null = null;
    try {
      const parsed = CodeExchange.safeParse(JSON.parse(body));
      exchange = parsed.success ? parsed.data : null;
    } catch {
      exchange = null;
    }
    if (!exchange) {
      json(res, 400, { error: 'Expected {"code": "…"}.' });
      return;
    }
    const token = access.redeem(exchange.code);
    if (token) json(res, 200, { token });
    else json(res, 401, { error: 'This link was already used or has expired. Open the link WebNova printed.' });
  };
}
