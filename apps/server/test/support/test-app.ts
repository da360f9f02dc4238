import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../../src/app.js';
import { setPasswordCostForTests } from '../../src/auth/password.js';
import type { Database } from '../../src/db/database.js';
import { TEST_SECRET_KEY } from './client.js';

/**
 * The app as the suites run it: quiet, every answer checked against its declared schema, TOTP
 * secrets under the suites' key, no expiry timer unless asked, and cheap password hashing (the
 * hashing itself is tested with OWASP's cost in password.test.ts).
 */
export function testApp(db: Database, options: Partial<AppOptions> = {}): FastifyInstance {
  setPasswordCostForTests(2 ** 10);
  return buildApp({
    db,
    logLevel: 'silent',
    checkAnswers: true,
    secretKey: TEST_SECRET_KEY,
    expiryIntervalMs: 0,
    ...options,
  });
}
