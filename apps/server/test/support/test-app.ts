import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { type AppOptions, buildApp } from '../../src/app.js';
import { setPasswordCostForTests } from '../../src/auth/password.js';
import type { Database } from '../../src/db/database.js';
import { TEST_SECRET_KEY, TestClient } from './client.js';
import type { TestDatabase } from './databases.js';
import { InvitationLog, recordInvitations } from './invitations.js';
import { buildWorld, type World } from './world.js';

/**
 * How long a suite may take to open its database and people it: a PGlite data folder made afresh
 * (after a migration changes, or on a new machine) takes 5-9 s alone, and several times that on a
 * loaded 2-core machine.
 */
export const OPEN_TIMEOUT_MS = 120_000;

/**
 * The app as the suites run it: quiet, every answer checked against its declared schema, TOTP
 * secrets under the suites' key, no expiry or outbox timer unless asked, invitations written to a log
 * the tests read (`invitationsOf`), and cheap password hashing (the hashing itself is tested with
 * OWASP's cost in password.test.ts).
 */
export function testApp(db: Database, options: Partial<AppOptions> = {}): FastifyInstance {
  setPasswordCostForTests(2 ** 10);
  const invitations = new InvitationLog();
  const app = buildApp({
    db,
    logLevel: 'silent',
    checkAnswers: true,
    secretKey: TEST_SECRET_KEY,
    expiryIntervalMs: 0,
    outboxIntervalMs: 0,
    mailer: invitations.mailer,
    ...options,
  });
  recordInvitations(app, invitations);
  return app;
}

/** Starts `app` on a free loopback port; its port. */
export async function listenOnLoopback(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening on a port');
  return address.port;
}

/**
 * For a suite that talks to a real socket: before its tests, a database from `open`, the app listening
 * on loopback and the world of people (test/support/world.ts); all closed after them. Read the fields
 * inside tests (they are set by `beforeAll`).
 */
export function listeningWorld<D extends TestDatabase>(
  open: () => Promise<D>,
  options: () => Partial<AppOptions> = () => ({}),
): {
  readonly app: FastifyInstance;
  readonly port: number;
  readonly world: World;
  /** The database, for a test that reads or rewrites rows behind the server's back. */
  readonly database: D;
  readonly client: TestClient;
} {
  const state = {} as { db: D; app: FastifyInstance; port: number; world: World };
  const client = new TestClient(() => state.app);
  beforeAll(async () => {
    state.db = await open();
    state.app = testApp(state.db.db, options());
    state.port = await listenOnLoopback(state.app);
    state.world = await buildWorld(client, state.db.db);
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await state.app?.close();
    await state.db?.dispose();
  });
  return {
    get app() {
      return state.app;
    },
    get port() {
      return state.port;
    },
    get world() {
      return state.world;
    },
    get database() {
      return state.db;
    },
    client,
  };
}
