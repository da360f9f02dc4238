import { AttemptLimiter, type AttemptLimits } from './attempt-limiter.js';

/** A guess reserved before it is checked. Left alone, it counts as wrong. */
export interface Attempt {
  /** The guess was right: it does not count, and the earlier wrong ones of this person here are forgiven. */
  succeeded(): void;
  /** The guess was never checked (the server was busy, the request went wrong): it does not count. */
  giveBack(): void;
}

/** How many wrong guesses each kind of key may make in its window before it is locked. */
export interface SignInLimits {
  /** One email from one address: what a person who mistypes meets first. */
  accountAtAddress: AttemptLimits;
  /** One email from anywhere: guesses spread over many addresses. */
  account: AttemptLimits;
  /** One address, whatever the email (known or not): a spray of emails. */
  address: AttemptLimits;
  /** One user's authenticator codes, at login and to turn TOTP on or off. */
  totp: AttemptLimits;
}

const FIFTEEN_MINUTES = 15 * 60_000;
const limits = (maxAttempts: number): AttemptLimits => ({
  maxAttempts,
  windowMs: FIFTEEN_MINUTES,
  lockoutMs: FIFTEEN_MINUTES,
});

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  accountAtAddress: limits(5),
  account: limits(20),
  address: limits(50),
  totp: limits(5),
};

/**
 * The sign-in guesses the server allows (see AttemptLimiter): a password attempt is reserved on its
 * email+address, its email and its address before the password is hashed, whether or not the email
 * has an account, so unknown emails are throttled like known ones. A right password forgives the
 * email+address's earlier mistakes and gives the others back their attempt.
 */
export class SignInThrottle {
  private readonly limiter: AttemptLimiter;

  constructor(
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    now: () => number = Date.now,
  ) {
    this.limiter = new AttemptLimiter(now);
  }

  /** Reserves a password guess; throws RATE_LIMITED (Retry-After) without reserving when any key is spent. */
  password(email: string, address: string): Attempt {
    const pair = `password:${email}\u0000${address}`;
    const attempt = this.limiter.reserve(
      [
        { key: pair, limits: this.limits.accountAtAddress },
        { key: `password:${email}`, limits: this.limits.account },
        { key: `password-from:${address}`, limits: this.limits.address },
      ],
      'failed logins',
    );
    return { succeeded: () => attempt.release((key) => key === pair), giveBack: () => attempt.release() };
  }

  /** Reserves a guess at one user's authenticator code. */
  totp(userId: string): Attempt {
    const key = `totp:${userId}`;
    const attempt = this.limiter.reserve([{ key, limits: this.limits.totp }], 'wrong authenticator codes');
    return { succeeded: () => attempt.release(() => true), giveBack: () => attempt.release() };
  }
}
