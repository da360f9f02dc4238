import { createHash, randomBytes } from 'node:crypto';

/** An opaque secret for a session or an invitation: 256 random bits, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token: a leaked table holds nothing that logs anyone in. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
