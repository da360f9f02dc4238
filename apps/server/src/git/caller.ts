import type { FastifyRequest } from 'fastify';
import { authenticateAccessToken, isAccessToken } from '../auth/access-tokens.js';
import type { Database } from '../db/database.js';
import { authenticateCredential, isDeviceCredential } from '../devices/credential.js';
import { ServerError } from '../http/problem.js';
import type { Role } from '../users/user.js';
import { tokenTransportAllowed } from './transport.js';

/** Who calls a repository, and what they may do there. */
export interface GitCaller {
  userId: string;
  tenantId: string;
  role: Role;
  scope: 'read' | 'read-write';
  /** When a device called with its credential. */
  deviceId?: string;
  /** When an access token was sent. */
  tokenId?: string;
}

/** What makes git ask for a user name and password (the token) and try again. */
const CHALLENGE = { 'www-authenticate': 'Basic realm="WebNova"' };

function unauthorized(message: string, code: 'UNAUTHORIZED' | 'UNAUTHENTICATED' | 'DEVICE_REVOKED' = 'UNAUTHORIZED') {
  return new ServerError(code, message, undefined, CHALLENGE);
}

/** The secret the request carries: a Basic password (the user name is not read) or a Bearer token. */
function secretOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice(7).trim();
  if (/^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}

/**
 * The caller of a git route: an access token (Basic password or Bearer), only over TLS or loopback
 * (TLS_REQUIRED otherwise, before the token is looked at), or a device credential (Bearer or Basic
 * password), which pushes as its user. Anything else, or nothing, is 401 with git's Basic challenge.
 */
export async function authenticateGitCaller(
  db: Database,
  request: FastifyRequest,
  trustForwardedProto: boolean,
): Promise<GitCaller> {
  const secret = secretOf(request);
  if (!secret) throw unauthorized('Send an access token as the password (any user name), or a device credential.');
  if (isDeviceCredential(secret)) {
    try {
      const device = await authenticateCredential(db, secret);
      return {
        userId: device.userId,
        tenantId: device.tenantId,
        role: device.role,
        scope: 'read-write',
        deviceId: device.deviceId,
      };
    } catch (error) {
      if (error instanceof ServerError && error.status === 401) {
        throw unauthorized(error.message, error.code as 'UNAUTHENTICATED' | 'DEVICE_REVOKED');
      }
      throw error;
    }
  }
  if (!isAccessToken(secret)) throw unauthorized('That is not an access token (wnpat_…) nor a device credential.');
  const forwarded = request.headers['x-forwarded-proto'];
  const transport = {
    remoteAddress: request.raw.socket.remoteAddress,
    encrypted: Boolean((request.raw.socket as { encrypted?: boolean }).encrypted),
    forwardedProto: Array.isArray(forwarded) ? forwarded[0] : forwarded,
    trustForwardedProto,
  };
  if (!tokenTransportAllowed(transport)) {
    throw new ServerError(
      'TLS_REQUIRED',
      'Access tokens are accepted over HTTPS only (or from this machine): use the https:// address, and revoke this token, which crossed the network in clear.',
    );
  }
  const holder = await authenticateAccessToken(db, secret);
  if (!holder) throw unauthorized('The access token is unknown, revoked or expired.');
  return {
    userId: holder.userId,
    tenantId: holder.tenantId,
    role: holder.role,
    scope: holder.scope,
    tokenId: holder.tokenId,
  };
}
