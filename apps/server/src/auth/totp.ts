import { Secret, TOTP } from 'otpauth';
import { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { resealTotpSecret, type TotpSecrets } from './totp-secrets.js';

/** RFC 6238 as authenticator apps use it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
const ISSUER = 'WebNova';

export const TotpCode = z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app');

function totp(secret: string, label = 'user'): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret });
}

/** A new random 160-bit secret, base32 (what authenticator apps take). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app reads from a QR code. */
export function totpUri(secret: string, email: string): string {
  return totp(secret, email).toString();
}

/**
 * The 30-second step `code` belongs to (the current one or a neighbour, for clock drift), or null.
 * Only the step lets a caller refuse a code used before.
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const delta = totp(secret).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/**
 * Accepts `code` once: it must match the user's secret and belong to a later step than the last code
 * accepted (a replayed or older code is refused), and the step is recorded in the same statement. A
 * secret stored before encryption is sealed once a code has checked out against it.
 */
export async function consumeTotp(
  tx: Queryable,
  secrets: TotpSecrets,
  user: { id: string; totp_secret: string | null },
  code: string,
  now = Date.now(),
): Promise<boolean> {
  if (!user.totp_secret) return false;
  const step = totpStep(secrets.open(user.id, user.totp_secret), code, now);
  if (step === null) return false;
  const rows = await tx.query(
    `update users set totp_last_step = $2
      where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id`,
    [user.id, step],
  );
  if (rows.length !== 1) return false;
  await resealTotpSecret(tx, secrets, user.id, user.totp_secret);
  return true;
}
