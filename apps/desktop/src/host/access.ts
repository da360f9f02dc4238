import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_PROTOCOL_PREFIX } from '../shared/access-protocol.js';

/** How long a one-time code stays good: long enough for a slow browser start, short enough to die unused. */
export const CODE_TTL_MS = 5 * 60_000;
/** A token or code is base64url text; anything longer or stranger is refused before hashing. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/** Secrets are compared as SHA-256 digests: equal lengths always, so the comparison leaks neither length nor prefix. */
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export interface LoginCode {
  code: string;
  /** true when it was exchanged for the token, false when it expired first. */
  used: Promise<boolean>;
}

/** The per-launch token, and the one-time codes that stand for it where a token must not be written down. */
export interface Access {
  readonly token: string;
  admits(given: string | null | undefined): boolean;
  mintCode(ttlMs?: number): LoginCode;
  /** The token for a code minted here, once; null for any other code, a used one or an expired one. */
  redeem(code: unknown): string | null;
  /** Ends every outstanding code (the host is closing). */
  close(): void;
}

export function createAccess(token: string = randomBytes(32).toString('base64url')): Access {
  if (!SECRET_SHAPE.test(token)) throw new Error('the web host token must be 16 to 128 base64url characters');
  const expected = digest(token);
  const codes = new Map<string, { expiresAt: number; settle: (used: boolean) => void; timer: NodeJS.Timeout }>();
  const take = (key: string) => {
    const entry = codes.get(key);
    if (entry) {
      codes.delete(key);
      clearTimeout(entry.timer);
    }
    return entry;
  };
  return {
    token,
    admits(given) {
      return typeof given === 'string' && SECRET_SHAPE.test(given) && timingSafeEqual(digest(given), expected);
    },
    mintCode(ttlMs = CODE_TTL_MS) {
      const code = randomBytes(32).toString('base64url');
      const key = digest(code).toString('hex');
      let settle: (used: boolean) => void = () => {};
      const used = new Promise<boolean>((resolve) => {
        settle = resolve;
      });
      const timer = setTimeout(() => take(key)?.settle(false), ttlMs);
      timer.unref();
      codes.set(key, { expiresAt: Date.now() + ttlMs, settle, timer });
      return { code, used };
    },
    redeem(code) {
      if (typeof code !== 'string' || !SECRET_SHAPE.test(code)) return null;
      const entry = take(digest(code).toString('hex'));
      if (!entry) return null;
      // A timer can fire late on a busy machine: the clock decides, not the timer.
      const fresh = entry.expiresAt > Date.now();
      entry.settle(fresh);
      return fresh ? token : null;
    },
    close() {
      for (const key of [...codes.keys()]) take(key)?.settle(false);
    },
  };
}

/** The token a WebSocket upgrade offers as a subprotocol (`webnova.token.<token>`), or null. */
export function offeredToken(protocolHeader: string | undefined): string | null {
  const offered = (protocolHeader ?? '').split(',').map((name) => name.trim());
  const carrying = offered.filter((name) => name.startsWith(TOKEN_PROTOCOL_PREFIX));
  // Two different tokens in one offer is not a client of ours.
  return carrying.length === 1 ? (carrying[0] as string).slice(TOKEN_PROTOCOL_PREFIX.length) : null;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header ?? '');
  return match ? (match[1] as string) : null;
}
