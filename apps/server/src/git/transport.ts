import { isIP } from 'node:net';

/** What tells whether a request came over TLS, or never left this machine. */
export interface RequestTransport {
  /** The socket's peer address. */
  remoteAddress: string | undefined;
  /** Whether the socket itself is TLS. */
  encrypted: boolean;
  /** `X-Forwarded-Proto` as received (the first value when a proxy chain sent several). */
  forwardedProto: string | undefined;
  /** The server is configured to believe `X-Forwarded-Proto` (WEBNOVA_TRUST_FORWARDED_PROTO). */
  trustForwardedProto: boolean;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/**
 * Whether an access token may be accepted from this request: over TLS (the socket's own, or a TLS proxy's
 * `X-Forwarded-Proto: https` when the server is told to trust it), or from loopback (the desktop's local
 * server, tests, a proxy on the same machine that terminates TLS). A token sent in clear over the network
 * may have been read on the way: it is refused, and whoever sent it should revoke it.
 */
export function tokenTransportAllowed(transport: RequestTransport): boolean {
  if (transport.encrypted) return true;
  if (transport.trustForwardedProto && transport.forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https') {
    return true;
  }
  return isLoopback(transport.remoteAddress);
}
