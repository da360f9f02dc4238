import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core, Log } from '@webnova/core';
import { CODE_PARAM, SESSION_PATH, TOKEN_PARAM } from '../shared/access-protocol.js';
import { createAccess } from './access.js';
import { createApiSocket } from './api-socket.js';
import { createHostCheck, hostHeaderOf } from './host-names.js';
import { refuseSocket } from './refusal.js';
import { createSessionRoute } from './session-route.js';
import { createStaticHandler } from './static-files.js';

/** How long a peer may take over its request; Node enforces them while parsing, before any handler runs. */
export interface HttpTimeouts {
  headersMs: number;
  requestMs: number;
  /** How often Node looks for peers over those times. */
  checkEveryMs: number;
}

const defaultTimeouts: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 };
/** Request line and headers together; the renderer's own requests stay under 2 KiB. */
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_HEADER_COUNT = 64;

export interface WebHostOptions {
  core: Core;
  rendererDir: string;
  host: string;
  port: number;
  /** Fixed only by tests; a random one per launch otherwise. */
  token?: string;
  log?: Log;
  /** Shortened only by tests. */
  timeouts?: Partial<HttpTimeouts>;
}

export interface WebHost {
  /** The address for a person to open: the token is in the fragment, which no request carries. */
  url: string;
  /** `http://host:port`, what the host answers to. */
  origin: string;
  port: number;
  /** A link that works once, within a few minutes: what `--open` writes to disk instead of the token. */
  oneTimeLink(): { url: string; used: Promise<boolean> };
  close(): Promise<void>;
}

/**
 * The web host: the built renderer over HTTP and core's API over WebSocket, on one port. Every
 * request must name this host in `Host` (DNS rebinding) and, when a browser says where it comes
 * from, come from this origin; the API also needs the token. Node's parser limits (header size,
 * header and request time) apply before any of that, and nothing a peer sends can throw.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log: Log = options.log ?? (() => {});
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const access = createAccess(options.token);
  const serveStatic = createStaticHandler(options.rendererDir);
  const session = createSessionRoute(access);
  const api = createApiSocket(options.core, access, log);
  // The port is known once listening (`--port 0`); no request can arrive before then.
  let hosts = createHostCheck(options.host, options.port);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = hostHeaderOf(req.rawHeaders);
    if (!hostHeader || !hosts.allows(hostHeader) || !hosts.sameOrigin(req.headers.origin, hostHeader)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('Forbidden');
      return;
    }
    if ((req.url ?? '/').split('?')[0] === SESSION_PATH) await session(req, res);
    else await serveStatic(req, res);
  }

  // A malformed request, headers over the limit and a peer too slow with its headers get Node's own
  // answer (400, 431, 408) and a closed socket: with no 'clientError' listener, Node handles them.
  const server = createServer(
    {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
      requireHostHeader: true,
    },
    (req, res) => {
      route(req, res).catch((error) => {
        log('error', 'web host: a request failed', { error: String(error) });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
  );
  server.maxHeadersCount = MAX_HEADER_COUNT;
  server.on('upgrade', (req, socket, head) => {
    // Node hands an upgraded socket over without its own error listener: one error unheard would end the host.
    socket.on('error', () => socket.destroy());
    const hostHeader = hostHeaderOf(req.rawHeaders);
    if (!hostHeader || !hosts.allows(hostHeader)) refuseSocket(socket, 403);
    else api.handleUpgrade(req, socket, head, hosts.sameOrigin(req.headers.origin, hostHeader));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log('error', 'web host: server error', { error: String(error) }));
  const { port } = server.address() as AddressInfo;
  hosts = createHostCheck(options.host, port);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${shownHost}:${port}`;
  return {
    url: `${origin}/#${TOKEN_PARAM}=${access.token}`,
    origin,
    port,
    oneTimeLink() {
      const { code, used } = access.mintCode();
      return { url: `${origin}/#${CODE_PARAM}=${code}`, used };
    },
    async close() {
      access.close();
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
