import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { authenticate } from '../src/auth/principal.js';
import { tokenHash } from '../src/auth/tokens.js';
import { bootstrapRootOwner } from '../src/bootstrap.js';
import { installProblemHandlers } from '../src/http/errors.js';
import { OpenApiDocument } from '../src/http/openapi.js';
import { addRoute, authenticateWith, checkAnswersOf } from '../src/http/route.js';
import { expectProblem, TestClient } from './support/client.js';
import { pgliteTestDatabase, postgresTestDatabase, type TestDatabase } from './support/databases.js';
import { OPEN_TIMEOUT_MS, testApp } from './support/test-app.js';
import { ROOT } from './support/world.js';

const Seen = z.object({ keys: z.array(z.string()), userId: z.string().nullable() }).strict();

/**
 * Routes of a bare app that record every call their handler gets: a signed-in one, one that also
 * declares an access (sovereigns only), a signed-in one with a body, and a public one. The sessions
 * are the real server's, checked in the same database.
 */
function probeApp(testDb: TestDatabase, calls: string[]): FastifyInstance {
  const probe = Fastify({ logger: false });
  installProblemHandlers(probe);
  checkAnswersOf(probe);
  authenticateWith(probe, (request) => authenticate(testDb.db, request));
  const openapi = new OpenApiDocument('0.0.0');
  const success = { status: 200, description: 'What the handler was given', schema: Seen } as const;
  const seen = (url: string, input: object, userId: string | null) => {
    calls.push(url);
    return { keys: Object.keys(input).sort(), userId };
  };
  const probeRoute = { method: 'GET', summary: 'A probe', success } as const;
  addRoute(probe, openapi, { ...probeRoute, url: '/signed-in', signedIn: true } as const, async (input) =>
    seen('/signed-in', input, input.principal.userId),
  );
  const sovereignOnly = {
    ...probeRoute,
    url: '/sovereign-only',
    signedIn: true,
    access: { roles: ['sovereign'] },
    problems: { 403: 'PERMISSION_DENIED: not a sovereign' },
  } as const;
  addRoute(probe, openapi, sovereignOnly, async (input) => seen('/sovereign-only', input, input.principal.userId));
  const withBody = {
    ...probeRoute,
    method: 'POST',
    url: '/with-body',
    signedIn: true,
    body: z.object({ name: z.string() }).strict(),
  } as const;
  addRoute(probe, openapi, withBody, async (input) => seen('/with-body', input, input.principal.userId));
  addRoute(probe, openapi, { ...probeRoute, url: '/public', signedIn: false } as const, async (input) =>
    seen('/public', input, input.principal ?? null),
  );
  return probe;
}

function describeSignedInRoutes(name: string, open: () => Promise<TestDatabase>): void {
  describe(name, () => {
    let testDb: TestDatabase;
    let server: FastifyInstance;
    let probe: FastifyInstance;
    let rootId: string;
    const calls: string[] = [];
    const api = new TestClient(() => server);
    const client = new TestClient(() => probe);

    beforeAll(async () => {
      testDb = await open();
      server = testApp(testDb.db);
      probe = probeApp(testDb, calls);
      rootId = (await bootstrapRootOwner(testDb.db, ROOT.email, ROOT.password)).id;
    }, OPEN_TIMEOUT_MS);

    afterAll(async () => {
      await probe?.close();
      await server?.close();
      await testDb?.dispose();
    });

    it('turns away a missing, malformed, expired or revoked session before the handler runs', async () => {
      const expired = await api.login(ROOT.email, ROOT.password);
      await testDb.db.transaction('installation', (tx) =>
        tx.query("update sessions set expires_at = now() - interval '1 second' where token_hash = $1", [
          tokenHash(expired),
        ]),
      );
      const revoked = await api.login(ROOT.email, ROOT.password);
      expect((await api.call({ method: 'POST', url: '/auth/logout', token: revoked })).status).toBe(204);

      for (const token of [undefined, 'not a token', 'x'.repeat(43), expired, revoked]) {
        expectProblem(await client.call({ method: 'GET', url: '/signed-in', token }), 401, 'UNAUTHORIZED');
        expectProblem(await client.call({ method: 'GET', url: '/sovereign-only', token }), 401, 'UNAUTHORIZED');
        // The session comes first: a caller without one learns nothing about the body either.
        const badBody = await client.call({ method: 'POST', url: '/with-body', token, payload: { other: 1 } });
        expectProblem(badBody, 401, 'UNAUTHORIZED');
      }
      expect(calls).toEqual([]);
    });

    it('hands a signed-in route’s handler the principal, after the access it declares', async () => {
      calls.length = 0;
      const token = await api.login(ROOT.email, ROOT.password);
      expect(await client.call({ method: 'GET', url: '/signed-in', token })).toMatchObject({
        status: 200,
        body: { keys: ['body', 'params', 'principal', 'query'], userId: rootId },
      });
      expectProblem(await client.call({ method: 'GET', url: '/sovereign-only', token }), 403, 'PERMISSION_DENIED');
      expectProblem(
        await client.call({ method: 'POST', url: '/with-body', token, payload: { other: 1 } }),
        400,
        'INVALID_INPUT',
      );
      expect(calls).toEqual(['/signed-in']);
    });

    it('gives a public route’s handler no principal, and never looks at its token', async () => {
      calls.length = 0;
      const token = await api.login(ROOT.email, ROOT.password);
      for (const sent of [token, 'x'.repeat(43), undefined]) {
        expect(await client.call({ method: 'GET', url: '/public', token: sent })).toMatchObject({
          status: 200,
          body: { keys: ['body', 'params', 'query'], userId: null },
        });
      }
      expect(calls).toEqual(['/public', '/public', '/public']);
    });
  });
}

describeSignedInRoutes('signed-in routes on PostgreSQL 15', postgresTestDatabase);
describeSignedInRoutes('signed-in routes on embedded PGlite', pgliteTestDatabase);
