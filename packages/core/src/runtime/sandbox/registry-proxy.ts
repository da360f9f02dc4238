/**
 * The filtering forward proxy of the `registry` network policy. It runs in WebNova's own process on
 * the host and listens on a Unix socket in a folder private to WebNova's user (0700, made per run);
 * the sandbox has no network of its own and reaches this socket only, through the forwarder
 * (registry-forwarder.ts). It lets through requests to the configured npm registry's origin and
 * refuses every other one with 403, naming the registry:
 * - `CONNECT host:port` (https, or any tunnel) only to the registry's host name and port;
 * - absolute-URI requests (`GET http://host:port/path`) only to an http registry's exact origin.
 * Host names are compared as the WHATWG URL parser writes them (lower case, `127.1` as `127.0.0.1`, a
 * final dot dropped); an IP literal is refused unless the registry itself is that address. Upstream,
 * the proxy connects to the registry's own address, never to what the request named; a registry a
 * project's `.npmrc` chose must resolve to a public address (else a project could name its way to a
 * database on the host's loopback).
 *
 * One proxy per run: its refusals are that run's, it serves exactly one sandbox, and its socket is gone
 * when the run ends. Starting one costs a folder and a listen.
 */
import { lookup } from 'node:dns/promises';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { BlockList, connect, isIP, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { formatMessage } from '../../contracts/messages/system-message.js';
import type { NetworkRefusal, RefusalReason } from './command-runner.js';

export interface RegistryProxyOptions {
  registry: URL;
  /** Whether the registry may resolve to a loopback or private address: yes when the person configured it. */
  allowPrivateAddresses: boolean;
  /** The most a request's head (request line and headers) may take, enforced by the parser. */
  maxHeaderBytes?: number;
  /** The most tunnels and forwarded requests open at once. */
  maxTunnels?: number;
  /** Where the private folder of the socket is made (the system's temporary folder by default). */
  parent?: string;
}

export interface RegistryProxy {
  socketPath: string;
  /** What was refused so far, oldest first (the first 200). */
  readonly refusals: readonly NetworkRefusal[];
  close(): Promise<void>;
}

const MAX_REFUSALS = 200;
// A tunnel nobody sends on for this long is closed: npm's own timeout is 5 minutes per request.
const IDLE_MS = 5 * 60_000;

const REASON_CODES: Record<RefusalReason, string> = {
  'not-the-registry': 'ERROR_SANDBOX_PROXY_NOT_REGISTRY',
  'wrong-port': 'ERROR_SANDBOX_PROXY_WRONG_PORT',
  'ip-literal': 'ERROR_SANDBOX_PROXY_IP_LITERAL',
  'private-address': 'ERROR_SANDBOX_PROXY_PRIVATE_ADDRESS',
  'headers-too-large': 'ERROR_SANDBOX_PROXY_HEADERS_TOO_LARGE',
  'too-many-tunnels': 'ERROR_SANDBOX_PROXY_TOO_MANY',
  'bad-request': 'ERROR_SANDBOX_PROXY_BAD_REQUEST',
};

const STATUS: Record<RefusalReason, [number, string]> = {
  'not-the-registry': [403, 'Forbidden'],
  'wrong-port': [403, 'Forbidden'],
  'ip-literal': [403, 'Forbidden'],
  'private-address': [403, 'Forbidden'],
  'headers-too-large': [431, 'Request Header Fields Too Large'],
  'too-many-tunnels': [503, 'Service Unavailable'],
  'bad-request': [400, 'Bad Request'],
};

// Addresses a project-chosen registry may not resolve to: the host itself and private networks.
const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

// Headers that belong to one connection, not to the request: never passed on.
const HOP_BY_HOP = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase()),
  );
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)),
  ) as IncomingHttpHeaders;
}

const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
const portOf = (url: URL) => Number(url.port) || (url.protocol === 'https:' ? 443 : 80);

/** `host:port` of a CONNECT (authority form: a port, no user, no path), parsed as a URL would be. */
function connectTarget(authority: string): URL | undefined {
  if (!/^[^/?#@\s]+:\d{1,5}$/.test(authority)) return undefined;
  try {
    return new URL(`http://${authority}`);
  } catch {
    return undefined;
  }
}

export async function startRegistryProxy(options: RegistryProxyOptions): Promise<RegistryProxy> {
  const { registry, allowPrivateAddresses } = options;
  const maxTunnels = options.maxTunnels ?? 32;
  const registryHost = bare(registry.hostname);
  const registryPort = portOf(registry);
  const refusals: NetworkRefusal[] = [];
  const sockets = new Set<Socket>();
  let open = 0;

  /** Why a request for `host:port` (and scheme, for absolute URIs) is refused, or nothing. */
  function judge(target: URL, scheme?: string): RefusalReason | undefined {
    const host = bare(target.hostname);
    if (host !== registryHost) return isIP(host) && !isIP(registryHost) ? 'ip-literal' : 'not-the-registry';
    if (portOf(target) !== registryPort) return 'wrong-port';
    if (scheme !== undefined && scheme !== registry.protocol) return 'not-the-registry';
    return undefined;
  }

  /** Records a refusal and gives the text to answer with. */
  function refuse(method: string, target: string, reason: RefusalReason): string {
    const refusal: NetworkRefusal = {
      method,
      target: target.slice(0, 300),
      reason,
      message: {
        code: 'ERROR_SANDBOX_PROXY_REFUSED',
        params: {
          method,
          target: target.slice(0, 300),
          registry: registry.origin,
          reason: { code: REASON_CODES[reason], params: {} },
        },
      },
    };
    if (refusals.length < MAX_REFUSALS) refusals.push(refusal);
    return `${formatMessage(refusal.message, 'en')}\n`;
  }

  /** The address to connect to: the registry's own, checked; or why not. */
  async function registryAddress(): Promise<{ address: string } | { refused: RefusalReason }> {
    const addresses = isIP(registryHost)
      ? [{ address: registryHost, family: isIP(registryHost) }]
      : await lookup(registryHost, { all: true });
    const first = addresses[0];
    if (!first) throw new Error(`${registryHost} has no address`);
    const isPrivate = addresses.some(({ address, family }) => PRIVATE.check(address, family === 6 ? 'ipv6' : 'ipv4'));
    return isPrivate && !allowPrivateAddresses ? { refused: 'private-address' } : { address: first.address };
  }

  /** Counts an open tunnel or request until `done` is called (once). */
  function take(): (() => void) | undefined {
    if (open >= maxTunnels) return undefined;
    open += 1;
    let released = false;
    return () => {
      if (!released) open -= 1;
      released = true;
    };
  }

  function answerRaw(socket: Duplex, reason: RefusalReason | 'bad-gateway', body: string): void {
    const [status, text] = reason === 'bad-gateway' ? [502, 'Bad Gateway'] : STATUS[reason];
    const head = `HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    if (socket.writable) socket.end(head + body);
    else socket.destroy();
  }

  async function onConnect(request: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    const authority = request.url ?? '';
    const target = connectTarget(authority);
    const reason = target ? judge(target) : 'bad-request';
    if (reason) return answerRaw(client, reason, refuse('CONNECT', authority, reason));
    const release = take();
    if (!release) return answerRaw(client, 'too-many-tunnels', refuse('CONNECT', authority, 'too-many-tunnels'));
    client.once('close', release);
    const resolved = await registryAddress().catch((error: Error) => error);
    if (resolved instanceof Error) return answerRaw(client, 'bad-gateway', `${resolved.message}\n`);
    if ('refused' in resolved)
      return answerRaw(client, resolved.refused, refuse('CONNECT', authority, resolved.refused));

    const upstream = connect({ host: resolved.address, port: registryPort });
    sockets.add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', (error) => {
      if (connected) client.destroy();
      else answerRaw(client, 'bad-gateway', `${error.message}\n`);
    });
    upstream.once('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const raw = request.url ?? '';
    let target: URL | undefined;
    try {
      target = new URL(raw);
    } catch {
      target = undefined;
    }
    // Only absolute http URIs: an https one would make the proxy speak TLS for the client.
    const reason = target?.protocol === 'http:' ? judge(target, target.protocol) : 'bad-request';
    const answer = (refused: RefusalReason | 'bad-gateway', body: string) => {
      const [status] = refused === 'bad-gateway' ? [502] : STATUS[refused];
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(body);
    };
    if (!target || reason) return answer(reason ?? 'bad-request', refuse(method, raw, reason ?? 'bad-request'));
    const release = take();
    if (!release) return answer('too-many-tunnels', refuse(method, raw, 'too-many-tunnels'));
    response.once('close', release);
    const resolved = await registryAddress().catch((error: Error) => error);
    if (resolved instanceof Error) return answer('bad-gateway', `${resolved.message}\n`);
    if ('refused' in resolved) return answer(resolved.refused, refuse(method, raw, resolved.refused));

    const upstream = httpRequest(
      {
        host: resolved.address,
        port: registryPort,
        method,
        path: `${target.pathname}${target.search}`,
        headers: { ...withoutHopByHop(request.headers), host: registry.host },
      },
      (answered) => {
        response.writeHead(answered.statusCode ?? 502, withoutHopByHop(answered.headers));
        answered.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (response.headersSent) response.destroy();
      else answer('bad-gateway', `${error.message}\n`);
    });
    request.pipe(upstream);
  }

  const server = createServer({ maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024 }, (request, response) => {
    void onRequest(request, response);
  });
  server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) => {
    void onConnect(request, client, head);
  });
  // The parser's refusals: a head over the limit, or no HTTP at all. A reset by the client is no refusal.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Once answered, the rest of what the client sends is dropped, not refused again.
    if (!socket.writable) socket.destroy();
    else if (error.code === 'HPE_HEADER_OVERFLOW')
      answerRaw(socket, 'headers-too-large', refuse('?', '?', 'headers-too-large'));
    else if (error.code?.startsWith('HPE_')) answerRaw(socket, 'bad-request', refuse('?', '?', 'bad-request'));
    else socket.destroy();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
  });
  // Idle keep-alive connections count too, so a few more than the tunnels.
  server.maxConnections = maxTunnels * 2;

  const folder = await mkdtemp(join(options.parent ?? tmpdir(), 'webnova-registry-'));
  const socketPath = join(folder, 'proxy.sock');
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, resolve);
    });
    await chmod(socketPath, 0o600);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }

  return {
    socketPath,
    refusals,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
      await rm(folder, { recursive: true, force: true });
    },
  };
}
