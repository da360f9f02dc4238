import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/auth/password.js';
import { totpStep } from '../src/auth/totp.js';

describe('passwords and one-time codes', () => {
  it("hashes with scrypt at OWASP's parameters unless a test lowers them", { timeout: 120_000 }, async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
  });

  it('matches the RFC 6238 SHA-1 test vectors, and tells the step a code belongs to', () => {
    // RFC 6238 appendix B: the ASCII secret "12345678901234567890", 8 digits there; the last 6 here.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const vectors: Array<[number, string]> = [
      [59, '287082'],
      [1_111_111_109, '081804'],
      [1_234_567_890, '005924'],
      [2_000_000_000, '279037'],
    ];
    for (const [seconds, code] of vectors) {
      expect(totpStep(secret, code, seconds * 1000)).toBe(Math.floor(seconds / 30));
    }
    expect(totpStep(secret, '287082', 59_000 + 30_000)).toBe(1);
    expect(totpStep(secret, '287082', 59_000 + 90_000)).toBeNull();
    expect(totpStep(secret, '000000', 59_000)).toBeNull();
  });
});
