import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/shared/content-security-policy.js';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

// The policy the app protocol sends with every renderer page (see renderer-protocol.ts).
describe('the renderer’s Content-Security-Policy', () => {
  const policy = directives(contentSecurityPolicy);

  it('holds the directives of the Electron shell’s checklist', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('font-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'self'", 'http://localhost:*', 'http://127.0.0.1:*']);
  });

  it('never allows inline or evaluated scripts', () => {
    expect(contentSecurityPolicy).not.toContain("'unsafe-eval'");
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });
});
