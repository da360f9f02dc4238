import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { injectReporter, REPORTER_PATH, reporterScript } from './reporter-script.js';

/**
 * The Host headers the proxy answers: its own loopback address and port, as the preview frame and
 * Vite's HMR client name it. Anything else is a page that reached this port under another name
 * (DNS rebinding): the proxy rewrites Host for the dev server, which would otherwise take its own
 * rebinding guard away.
 */
function ownHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/**
 * Serves a dev server on this machine through a loopback port of our own, byte for byte, except
 * that HTML pages get the reporter script and headers that forbid framing are dropped. WebSocket
 * upgrades are piped through untouched, so Vite's and webpack's hot reloading keep working: their
 * clients connect back to the host the page came from, which is this proxy. Only requests naming
 * the proxy itself in Host are answered (403 otherwise).
 */
export class PreviewProxy {
  readonly #target: URL;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #origin = '';
  #hosts = new Set<string>();

  private constructor(target: URL) {
    this.#target = target;
    this.#server = createServer((req, res) => {
      if (this.#isOwnHost(req)) this.#handle(req, res);
      else res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Forbidden');
    });
    this.#server.on('upgrade', (req, socket: Socket, head) => {
      // Node hands an upgraded socket over without an error listener; one unheard error would end core.
      socket.on('error', () => socket.destroy());
      if (this.#isOwnHost(req)) this.#upgrade(req, socket, head);
      else
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', () => socket.destroy());
    });
    // After listening, a server error (out of file descriptors) must not end core; the preview just fails.
    this.#server.on('error', () => {});
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(targetOrigin: string): Promise<PreviewProxy> {
    const proxy = new PreviewProxy(new URL(targetOrigin));
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject);
      proxy.#server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = proxy.#server.address() as AddressInfo;
    proxy.#origin = `http://127.0.0.1:${port}`;
    proxy.#hosts = ownHosts(port);
    return proxy;
  }

  /** Node keeps the first of several Host headers and drops the rest, and only that one is passed on. */
  #isOwnHost(req: IncomingMessage): boolean {
    return req.headers.host !== undefined && this.#hosts.has(req.headers.host.toLowerCase());
  }

  /** The proxy's own origin, `http://127.0.0.1:<port>`. */
  get origin(): string {
    return this.#origin;
  }

  /** The proxy's address for a URL on the target server (same path, query and hash). */
  map(url: string): string {
    const parsed = new URL(url);
    return `${this.#origin}${parsed.pathname}${parsed.search}${parsed.hash}`;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #targetHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
    const out: IncomingHttpHeaders = { ...headers, host: this.#target.host };
    if (typeof out.origin === 'string' && out.origin === this.#origin) out.origin = this.#target.origin;
    if (typeof out.referer === 'string' && out.referer.startsWith(this.#origin))
      out.referer = this.#target.origin + out.referer.slice(this.#origin.length);
    return out;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === REPORTER_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(reporterScript);
      return;
    }
    const headers = this.#targetHeaders(req.headers);
    // Pages are rewritten, so ask for them unencoded; everything else passes through compressed.
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml) headers['accept-encoding'] = 'identity';
    const send = this.#target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(
      {
        protocol: this.#target.protocol,
        hostname: this.#target.hostname.replace(/^\[|\]$/g, ''),
        port: this.#target.port,
        method: req.method,
        path: req.url,
        headers,
        rejectUnauthorized: false,
      },
      (answer) => this.#answer(answer, res),
    );
    upstream.on('error', (error) => {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`The dev server at ${this.#target.origin} did not answer: ${error.message}`);
      }
    });
    // pipeline, not pipe: a peer that goes away mid-request must not leave an error unheard.
    pipeline(req, upstream, () => {});
  }

  #answer(answer: IncomingMessage, res: ServerResponse): void {
    const headers: IncomingHttpHeaders = { ...answer.headers };
    delete headers['x-frame-options'];
    headers['content-security-policy'] = framedOnlyByTheIde(headers['content-security-policy']);
    if (typeof headers.location === 'string' && headers.location.startsWith(this.#target.origin))
      headers.location = this.#origin + headers.location.slice(this.#target.origin.length);
    const type = String(headers['content-type'] ?? '');
    const encoded = headers['content-encoding'] && headers['content-encoding'] !== 'identity';
    if (!type.includes('text/html') || encoded) {
      res.writeHead(answer.statusCode ?? 502, headers);
      pipeline(answer, res, () => {});
      return;
    }
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('error', () => res.destroy());
    answer.on('end', () => {
      const body = Buffer.from(injectReporter(Buffer.concat(chunks).toString('utf8')), 'utf8');
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
      res.writeHead(answer.statusCode ?? 200, headers);
      res.end(body);
    });
  }

  #upgrade(req: IncomingMessage, client: Socket, head: Buffer): void {
    const secure = this.#target.protocol === 'https:';
    const port = Number(this.#target.port || (secure ? 443 : 80));
    const host = this.#target.hostname.replace(/^\[|\]$/g, '');
    const upstream = secure
      ? tlsConnect({ host, port, rejectUnauthorized: false })
      : connect({ host, port, autoSelectFamily: true });
    const headers = this.#targetHeaders(req.headers);
    upstream.once(secure ? 'secureConnect' : 'connect', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (const [name, value] of Object.entries(headers)) {
        for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) lines.push(`${name}: ${one}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const end = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', end);
    client.on('error', end);
    upstream.on('close', end);
    client.on('close', end);
  }
}

/**
 * Who may frame a previewed page: the IDE, whose page is on a loopback origin (the web host) or on
 * `app://webnova` (Electron). The page's own frame rules are replaced (the IDE must frame it), but a site
 * on the internet cannot frame the preview to read its console or drive it.
 */
export const PREVIEW_FRAME_ANCESTORS =
  "frame-ancestors 'self' http://127.0.0.1:* http://localhost:* http://[::1]:* app://webnova";

function framedOnlyByTheIde(policy: string | string[] | undefined): string {
  const directives = (Array.isArray(policy) ? policy.join(';') : (policy ?? ''))
    .split(';')
    .filter((directive) => directive.trim() && !/^\s*frame-ancestors\b/i.test(directive));
  return [...directives.map((directive) => directive.trim()), PREVIEW_FRAME_ANCESTORS].join('; ');
}

/** One proxy per dev server origin, started on first use and kept until core closes them. */
export class PreviewProxies {
  readonly #proxies = new Map<string, Promise<PreviewProxy>>();

  async previewUrl(url: string): Promise<string> {
    const origin = new URL(url).origin;
    let proxy = this.#proxies.get(origin);
    if (!proxy) {
      proxy = PreviewProxy.start(origin);
      this.#proxies.set(origin, proxy);
      proxy.catch(() => this.#proxies.delete(origin));
    }
    return (await proxy).map(url);
  }

  async closeAll(): Promise<void> {
    const all = [...this.#proxies.values()];
    this.#proxies.clear();
    await Promise.all(all.map(async (proxy) => (await proxy.catch(() => null))?.close()));
  }
}
