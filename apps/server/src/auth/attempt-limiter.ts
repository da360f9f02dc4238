import { ServerError } from '../http/problem.js';

/**
 * Guesses at a secret (a password, a TOTP code) counted per key: an email with an address, an email
 * alone, an address alone, a user. An attempt is *reserved* before the secret is checked, so requests
 * that arrive together are counted before any of them runs the costly check: of 40 at once, only
 * `maxAttempts` run it and the rest are refused at once. An attempt that turns out right is given back
 * (`Reservation.release`); a wrong one stays counted. Once `maxAttempts` are counted within `windowMs`, the
 * key is locked for `lockoutMs`, and even the right secret waits for the end. Kept in memory: one server
 * process; a restart clears it (several instances would share a store).
 */
export interface AttemptLimits {
  maxAttempts: number;
  windowMs: number;
  lockoutMs: number;
}

interface Attempts {
  limits: AttemptLimits;
  /** When each counted attempt was reserved. */
  at: number[];
  lockedUntil: number;
}

/** The keys of one attempt, each with its own limits (a key is locked on its own). */
export type AttemptKeys = ReadonlyArray<{ key: string; limits: AttemptLimits }>;

/** A reserved attempt. Left alone, it counts as a wrong guess. */
export interface Reservation {
  /** It does not count (the guess was right, or never checked); on the keys `forget` names, neither do earlier ones. */
  release(forget?: (key: string) => boolean): void;
}

/** How many entries before the expired ones are swept: bounds the memory a spray of random keys takes. */
const SWEEP_AT = 100_000;

export class AttemptLimiter {
  private readonly entries = new Map<string, Attempts>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Reserves one attempt on every key, or throws RATE_LIMITED (with `Retry-After`) when any key is
   * locked or has no attempt left; nothing is counted then.
   */
  reserve(keys: AttemptKeys, what: string): Reservation {
    const now = this.now();
    let waitMs = 0;
    for (const { key, limits } of keys) {
      const entry = this.entry(key, limits, now);
      if (entry.lockedUntil <= now && entry.at.length >= limits.maxAttempts) {
        entry.lockedUntil = now + limits.lockoutMs;
        entry.at = [];
      }
      waitMs = Math.max(waitMs, entry.lockedUntil - now);
    }
    if (waitMs > 0) throw tooMany(what, waitMs);
    for (const { key, limits } of keys) this.entry(key, limits, now).at.push(now);
    if (this.entries.size > SWEEP_AT) this.sweep(now);
    let settled = false;
    return {
      release: (forget = () => false) => {
        if (settled) return;
        settled = true;
        for (const { key } of keys) {
          const entry = this.entries.get(key);
          if (!entry) continue;
          const index = entry.at.indexOf(now);
          if (forget(key)) entry.at = [];
          else if (index >= 0) entry.at.splice(index, 1);
          if (entry.at.length === 0 && entry.lockedUntil <= this.now()) this.entries.delete(key);
        }
      },
    };
  }

  /** The key's entry with the attempts older than its window dropped. */
  private entry(key: string, limits: AttemptLimits, now: number): Attempts {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { limits, at: [], lockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.at = entry.at.filter((at) => now - at < limits.windowMs);
    return entry;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.lockedUntil <= now && entry.at.every((at) => now - at >= entry.limits.windowMs)) {
        this.entries.delete(key);
      }
    }
  }
}

export function tooMany(what: string, waitMs: number): ServerError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ServerError('RATE_LIMITED', `Too many ${what}: try again in ${seconds} s.`, undefined, {
    'retry-after': String(seconds),
  });
}
