import { describe, expect, it } from 'vitest';
import { HashQueue } from '../src/auth/hash-queue.js';
import { type SignInLimits, SignInThrottle } from '../src/auth/sign-in-throttle.js';

const MINUTE = 60_000;
const limits = (maxAttempts: number) => ({ maxAttempts, windowMs: 15 * MINUTE, lockoutMs: 15 * MINUTE });
const LIMITS: SignInLimits = { accountAtAddress: limits(5), account: limits(20), address: limits(50), totp: limits(5) };

/** A clock the test moves by hand. */
function fakeClock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function refusal(reserve: () => unknown): { code: string; headers: Record<string, string> } | null {
  try {
    reserve();
    return null;
  } catch (error) {
    return error as { code: string; headers: Record<string, string> };
  }
}

describe('sign-in guesses, reserved before they are checked', () => {
  it('lets the limit through of guesses that arrive together, and refuses the rest with Retry-After', () => {
    const clock = fakeClock();
    const throttle = new SignInThrottle(LIMITS, clock.now);
    const outcomes = Array.from({ length: 40 }, () =>
      refusal(() => throttle.password('owner@a.example', '203.0.113.7')),
    );
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(5);
    for (const refused of outcomes.filter((outcome) => outcome !== null)) {
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', headers: { 'retry-after': String(15 * 60) } });
    }
    // The lock lasts its time, then the pair may try again.
    clock.advance(15 * MINUTE - 1000);
    expect(refusal(() => throttle.password('owner@a.example', '203.0.113.7'))).toMatchObject({
      headers: { 'retry-after': '1' },
    });
    clock.advance(1000);
    expect(refusal(() => throttle.password('owner@a.example', '203.0.113.7'))).toBeNull();
  });

  it('throttles an email across addresses, and an address across emails, known or not', () => {
    const throttle = new SignInThrottle(LIMITS, fakeClock().now);
    const spread = Array.from({ length: 30 }, (_, index) =>
      refusal(() => throttle.password('owner@a.example', `198.51.100.${index}`)),
    );
    expect(spread.filter((outcome) => outcome === null)).toHaveLength(20);
    const spray = Array.from({ length: 80 }, (_, index) =>
      refusal(() => throttle.password(`nobody-${index}@nowhere.example`, '192.0.2.1')),
    );
    expect(spray.filter((outcome) => outcome === null)).toHaveLength(50);
    // Another address and another email are untouched.
    expect(refusal(() => throttle.password('other@a.example', '192.0.2.2'))).toBeNull();
  });

  it('gives back a right guess and forgives the pair’s mistakes; a guess never checked does not count', () => {
    const throttle = new SignInThrottle(LIMITS, fakeClock().now);
    for (let index = 0; index < 4; index++) throttle.password('owner@a.example', '203.0.113.7');
    throttle.password('owner@a.example', '203.0.113.7').succeeded();
    for (let index = 0; index < 5; index++) {
      expect(refusal(() => throttle.password('owner@a.example', '203.0.113.7'))).toBeNull();
    }
    expect(refusal(() => throttle.password('owner@a.example', '203.0.113.7'))).toMatchObject({ code: 'RATE_LIMITED' });

    const busy = new SignInThrottle(LIMITS, fakeClock().now);
    for (let index = 0; index < 10; index++) busy.password('owner@a.example', '203.0.113.7').giveBack();
    expect(refusal(() => busy.password('owner@a.example', '203.0.113.7'))).toBeNull();
  });

  it('counts authenticator codes per user, wherever they are tried', () => {
    const clock = fakeClock();
    const throttle = new SignInThrottle(LIMITS, clock.now);
    for (let index = 0; index < 5; index++) expect(refusal(() => throttle.totp('user-1'))).toBeNull();
    expect(refusal(() => throttle.totp('user-1'))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refusal(() => throttle.totp('user-2'))).toBeNull();
    clock.advance(15 * MINUTE);
    expect(refusal(() => throttle.totp('user-1'))).toBeNull();
  });
});

/** A hash the test finishes by hand. */
function heldHash(log: string[], name: string) {
  let finish: () => void = () => undefined;
  const done = new Promise<string>((resolve) => {
    finish = () => resolve(name);
  });
  return {
    run: () => {
      log.push(`start ${name}`);
      return done;
    },
    finish,
  };
}

describe('password hashing in turns', () => {
  it('runs a few at once, queues the rest in order, and keeps a burst from one address from filling the queue', async () => {
    const queue = new HashQueue({ running: 2, waiting: 4, perClient: 3 });
    const log: string[] = [];
    const burst = Array.from({ length: 6 }, (_, index) => heldHash(log, `burst-${index}`));
    const outcomes = burst.map((hash) => {
      try {
        return queue.run('198.51.100.1', hash.run);
      } catch (error) {
        return error as Error;
      }
    });
    // Three places for the burst's address: two running, one waiting; the other three refused at once.
    expect(log).toEqual(['start burst-0', 'start burst-1']);
    expect(outcomes.slice(3).map((outcome) => (outcome as { code?: string }).code)).toEqual([
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    const real = heldHash(log, 'real login');
    const answered = queue.run('203.0.113.7', real.run);
    expect(queue.load).toEqual({ running: 2, waiting: 2 });

    burst[0]?.finish();
    await outcomes[0];
    expect(log.at(-1)).toBe('start burst-2');
    burst[1]?.finish();
    await outcomes[1];
    // Its turn came after what arrived before it, not after everything the burst sends.
    expect(log.at(-1)).toBe('start real login');
    real.finish();
    expect(await answered).toBe('real login');
    burst[2]?.finish();
    await outcomes[2];
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
    expect(queue.started).toBe(4);
  });

  it('refuses when every place is taken, whoever asks', () => {
    const queue = new HashQueue({ running: 1, waiting: 2, perClient: 10 });
    const log: string[] = [];
    for (const client of ['a', 'b', 'c']) void queue.run(client, heldHash(log, client).run);
    expect(() => queue.run('d', heldHash(log, 'd').run)).toThrow(/busy/);
    expect(log).toEqual(['start a']);
  });
});
