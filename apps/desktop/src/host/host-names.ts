import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

const inUrl = (address: string) => (isIP(address) === 6 ? `[${address}]` : address);

const anyLoopback = ['127.0.0.1', '[::1]', 'localhost'];
/** The names a browser on this machine may use for each loopback listening address. */
const loopbackNames: Readonly<Record<string, readonly string[]>> = {
  '127.0.0.1': ['127.0.0.1', 'localhost'],
  '::1': ['[::1]', 'localhost'],
  localhost: anyLoopback,
};

/** Every address of this machine's interfaces, for a host listening on all of them. */
function interfaceNames(family: 'IPv4' | 'any'): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((entry) => family === 'any' || entry.family === 'IPv4')
    .map((entry) => inUrl(entry.address.toLowerCase()));
}

/** The host names (as they appear in a URL) that reach a server listening on `listenHost`. */
export function namesFor(listenHost: string): string[] {
  const host = listenHost.toLowerCase();
  if (host === '0.0.0.0') return [...new Set(['127.0.0.1', 'localhost', ...interfaceNames('IPv4')])];
  if (host === '::') return [...new Set([...anyLoopback, ...interfaceNames('any')])];
  return [...(loopbackNames[host] ?? [inUrl(host)])];
}

/**
 * Which `Host` headers the web host answers, and which `Origin` is its own. A DNS rebinding page
 * reaches the host under its own name (`attacker.example:47320`), never under one of these, so it
 * is refused before anything is served; a token alone would have been the only guard.
 */
export interface HostCheck {
  /** The Host header is this server's own `name:port`, exactly (no other port, no other spelling). */
  allows(hostHeader: string | undefined): boolean;
  /** No Origin (not a browser, or a same-origin GET), or exactly `http://` and the allowed Host. */
  sameOrigin(originHeader: string | undefined, hostHeader: string): boolean;
}

export function createHostCheck(listenHost: string, port: number): HostCheck {
  const allowed = new Set(namesFor(listenHost).map((name) => `${name}:${port}`));
  // A browser leaves out the port it would assume; nothing of ours listens there by default, but be exact.
  if (port === 80) for (const name of namesFor(listenHost)) allowed.add(name);
  return {
    allows: (hostHeader) => hostHeader !== undefined && allowed.has(hostHeader.toLowerCase()),
    sameOrigin: (originHeader, hostHeader) =>
      originHeader === undefined || originHeader === `http://${hostHeader.toLowerCase()}`,
  };
}

/**
 * The request's Host header, or undefined when it has none or more than one: Node keeps the first
 * of several and drops the rest, and a request that names two hosts is not one of ours.
 */
export function hostHeaderOf(rawHeaders: readonly string[]): string | undefined {
  let host: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() !== 'host') continue;
    if (host !== undefined) return undefined;
    host = rawHeaders[i + 1];
  }
  return host;
}
