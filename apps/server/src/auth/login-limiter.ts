/**
 * Failed logins per email + address. After `maxFailures` within `window`, that pair is locked out for
 * `lockout`, and a correct password does not help until it ends. Kept in memory: one server process;
 * a restart clears it (a shared store comes with running several instances).
 */
export interface LoginLimiterOptions {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
  now?: () => number;
}

interface Attempts {
  failures: number[];
  lockedUntil: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimiterOptions = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockoutMs: 15 * 60_000,
};

export class LoginLimiter {
  private readonly attempts = new Map<string, Attempts>();
  private readonly now: () => number;

  constructor(private readonly options: LoginLimiterOptions = DEFAULT_LOGIN_LIMITS) {
    this.now = options.now ?? Date.now;
  }

  private key(email: string, address: string): string {
    return `${email}\u0000${address}`;
  }

  /** Milliseconds until this pair may try again, or 0. */
  lockedFor(email: string, address: string): number {
    const entry = this.attempts.get(this.key(email, address));
    return entry ? Math.max(0, entry.lockedUntil - this.now()) : 0;
  }

  recordFailure(email: string, address: string): void {
    const key = this.key(email, address);
    const now = this.now();
    const entry = this.attempts.get(key) ?? { failures: [], lockedUntil: 0 };
    entry.failures = entry.failures.filter((at) => now - at < this.options.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.options.maxFailures) {
      entry.lockedUntil = now + this.options.lockoutMs;
      entry.failures = [];
    }
    this.attempts.set(key, entry);
    if (this.attempts.size > 100_000) this.prune(now);
  }

  recordSuccess(email: string, address: string): void {
    this.attempts.delete(this.key(email, address));
  }

  private prune(now: number): void {
    for (const [key, entry] of this.attempts) {
      if (entry.lockedUntil <= now && entry.failures.every((at) => now - at >= this.options.windowMs)) {
        this.attempts.delete(key);
      }
    }
  }
}
