import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/chain.js';
import { DEFAULT_SIGN_IN_LIMITS } from '../../src/auth/sign-in-throttle.js';
import { bootstrapRootOwner } from '../../src/bootstrap.js';
import { APP_ROLE, INSTALLATION_ROLE } from '../../src/db/database.js';
import { MIGRATIONS_FOLDER } from '../../src/db/migrations.js';
import { type CallOptions, expectProblem, TestClient } from './client.js';
import type { TestDatabase } from './databases.js';
import { OPEN_TIMEOUT_MS, testApp } from './test-app.js';

const ROOT = { email: 'root@example.org', password: 'correct horse battery staple' };
export const TENANT_TABLES = [
  'audit_entries',
  'decision_reviews',
  'decisions',
  'outbox',
  'sessions',
  'tenants',
  'users',
];
const MIGRATIONS = (
  JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

/** The same integration suite, on whichever database `open` gives. */
export function describeServer(name: string, open: () => Promise<TestDatabase>): void {
  describe(name, () => {
    let testDb: TestDatabase;
    let app: FastifyInstance;
    const client = new TestClient(() => app);
    const call = (options: CallOptions) => client.call(options);
    const login = (email: string, password: string) => client.login(email, password);
    const member = (token: string, tenantId: string, email: string, role: string, approvers: string[] = []) =>
      client.member(token, tenantId, email, role, approvers);

    let rootToken: string;
    let tenantA: string;
    let tenantB: string;

    beforeAll(async () => {
      testDb = await open();
      app = testApp(testDb.db, {
        signInLimits: {
          ...DEFAULT_SIGN_IN_LIMITS,
          accountAtAddress: { maxAttempts: 3, windowMs: 60_000, lockoutMs: 60_000 },
        },
        expiryIntervalMs: undefined,
      });
      await app.ready();
    }, OPEN_TIMEOUT_MS);

    afterAll(async () => {
      await app?.close();
      await testDb?.dispose();
    });

    it('answers /healthz and, with the database up, /readyz', async () => {
      expect(await call({ method: 'GET', url: '/healthz' })).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await call({ method: 'GET', url: '/readyz' })).toMatchObject({
        status: 200,
        body: { status: 'ready', database: testDb.db.kind },
      });
    });

    it('describes every route in /openapi.json from the schemas that validate it', async () => {
      const answer = await call({ method: 'GET', url: '/openapi.json' });
      expect(answer.status).toBe(200);
      const paths = answer.body.paths as Record<string, Record<string, Record<string, unknown>>>;
      const routes = Object.entries(paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method} ${path}`),
      );
      expect(routes.sort()).toEqual(
        [
          'get /healthz',
          'get /readyz',
          'get /openapi.json',
          'post /auth/login',
          'post /auth/logout',
          'get /auth/me',
          'post /auth/accept-invitation',
          'post /tenants',
          'get /tenants',
          'get /tenants/{tenantId}',
          'get /tenants/{tenantId}/users',
          'post /tenants/{tenantId}/users',
          'patch /tenants/{tenantId}/users/{userId}',
          'post /auth/totp/setup',
          'post /auth/totp/enable',
          'post /auth/totp/disable',
          'post /tenants/{tenantId}/decisions',
          'get /tenants/{tenantId}/decisions',
          'get /tenants/{tenantId}/decisions/{decisionId}',
          'post /tenants/{tenantId}/decisions/{decisionId}/approve',
          'post /tenants/{tenantId}/decisions/{decisionId}/reject',
          'get /tenants/{tenantId}/audit/verify',
          'get /tenants/{tenantId}/audit/export',
          'get /tenants/{tenantId}/events',
          'post /tenants/{tenantId}/users/{userId}/sessions/revoke',
          'post /devices',
          'get /devices',
          'delete /devices/{deviceId}',
          'post /sync/push',
          'get /sync/pull',
          'get /sync/devices',
          'get /sync/audit',
          'get /sync/poke',
          'post /projects',
          'get /projects',
          'get /projects/{id}',
          'post /auth/tokens',
          'get /auth/tokens',
          'delete /auth/tokens/{id}',
        ].sort(),
      );
      expect(paths['/auth/login']?.post?.requestBody).toMatchObject({
        content: {
          'application/json': {
            schema: { additionalProperties: false, required: ['email', 'password'] },
          },
        },
      });
      expect(paths['/tenants/{tenantId}/users/{userId}']?.patch?.parameters).toEqual([
        expect.objectContaining({ name: 'tenantId', in: 'path', required: true }),
        expect.objectContaining({ name: 'userId', in: 'path', required: true }),
      ]);
      expect(paths['/tenants']?.post?.security).toEqual([{ session: [] }]);
    });

    it('declares in /openapi.json each route’s success body as a JSON schema, and its problems as Problem', async () => {
      const document = (await call({ method: 'GET', url: '/openapi.json' })).body;
      type Response = { description: string; content?: Record<string, { schema: Record<string, unknown> }> };
      const paths = document.paths as Record<string, Record<string, { responses: Record<string, Response> }>>;
      const bodiless: string[] = [];
      const lines: string[] = [];
      const waiting: string[] = [];
      for (const [path, operations] of Object.entries(paths)) {
        for (const [method, { responses }] of Object.entries(operations)) {
          const route = `${method} ${path}`;
          const statuses = Object.keys(responses);
          // 202: the request waits as a decision for approvers (invitations and grants of a say in them).
          const successes = statuses.filter((status) => Number(status) < 400 && status !== '202');
          expect(successes, route).toHaveLength(1);
          if (responses['202']) {
            expect(Object.keys(responses['202'].content ?? {}), route).toEqual(['application/json']);
            waiting.push(route);
          }
          const success = successes[0] as string;
          const content = responses[success]?.content;
          if (success === '101' || success === '204') {
            expect(content, route).toBeUndefined();
            bodiless.push(`${route} ${success}`);
          } else {
            const [[type, media]] = Object.entries(content ?? {}) as [[string, { schema: Record<string, unknown> }]];
            if (type === 'application/x-ndjson') lines.push(route);
            else expect(type, route).toBe('application/json');
            expect(Object.keys(media.schema).length, route).toBeGreaterThan(0);
            expect(media.schema.type ?? media.schema.oneOf, route).toBeDefined();
          }
          expect(statuses, route).toEqual(expect.arrayContaining(['400', '500']));
          for (const status of statuses.filter((status) => Number(status) >= 400)) {
            expect(responses[status]?.content, `${route} ${status}`).toEqual({
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            });
          }
        }
      }
      expect(bodiless.sort()).toEqual([
        'delete /auth/tokens/{id} 204',
        'get /sync/poke 101',
        'get /tenants/{tenantId}/events 101',
        'post /auth/logout 204',
      ]);
      expect(lines).toEqual(['get /tenants/{tenantId}/audit/export']);
      expect(waiting.sort()).toEqual(['patch /tenants/{tenantId}/users/{userId}', 'post /tenants/{tenantId}/users']);

      const decision = paths['/tenants/{tenantId}/decisions/{decisionId}']?.get?.responses['200']?.content?.[
        'application/json'
      ]?.schema as { required: string[]; additionalProperties: boolean };
      expect(decision.required).toEqual(
        expect.arrayContaining(['id', 'kind', 'status', 'version', 'quorum', 'approvals']),
      );
      expect(decision.additionalProperties).toBe(false);
      const schemas = (document.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
      expect(schemas.Problem).toMatchObject({
        required: expect.arrayContaining(['type', 'status', 'code', 'detail']),
        properties: {
          code: {
            enum: expect.arrayContaining([
              'INVALID_INPUT',
              'UNAUTHORIZED',
              'NOT_FOUND',
              'RATE_LIMITED',
              'NOT_CONFIGURED',
            ]),
          },
        },
      });
      expect(paths['/auth/totp/setup']?.post?.responses['503']?.description).toMatch(/^NOT_CONFIGURED/);

      // Every reference points at something in this very document (zod's own `#/$defs/…` would not).
      const references: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          for (const [key, value] of Object.entries(node)) {
            if (key === '$ref' && typeof value === 'string') references.push(value);
            else walk(value);
          }
        }
      };
      walk(document);
      expect(references).toContain('#/components/schemas/JsonValue');
      for (const reference of new Set(references)) {
        const target = reference
          .replace(/^#\//, '')
          .split('/')
          .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
        expect(target, reference).toBeTypeOf('object');
      }
    });

    it('forces row-level security with a tenant policy on every table', async () => {
      const tables = await testDb.db.transaction('installation', (tx) =>
        tx.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: string[] }>(
          `select c.relname, c.relrowsecurity, c.relforcerowsecurity,
                  coalesce(array_agg(pg_get_expr(p.polqual, p.polrelid)) filter (where p.oid is not null), '{}') as policies
             from pg_class c join pg_namespace n on n.oid = c.relnamespace
             left join pg_policy p on p.polrelid = c.oid
            where n.nspname = 'public' and c.relkind in ('r', 'p')
            group by c.relname, c.relrowsecurity, c.relforcerowsecurity order by c.relname`,
        ),
      );
      expect(tables.map((table) => table.relname)).toEqual(expect.arrayContaining(TENANT_TABLES));
      for (const table of tables) {
        expect({ table: table.relname, enabled: table.relrowsecurity, forced: table.relforcerowsecurity }).toEqual({
          table: table.relname,
          enabled: true,
          forced: true,
        });
        expect(table.policies.some((policy) => policy.includes("current_setting('app.tenant_id'"))).toBe(true);
      }
    });

    it('runs every query as a role without BYPASSRLS that owns no table', async () => {
      const [tenant] = await testDb.db.transaction('installation', (tx) =>
        tx.query<{ id: string }>("insert into tenants (name) values ('Roles check') returning id"),
      );
      const roleOf = (scope: 'installation' | { tenantId: string }) =>
        testDb.db.transaction(scope, (tx) =>
          tx.query<{ name: string; superuser: boolean; bypass: boolean; owned: number }>(
            `select current_user as name, r.rolsuper as superuser, r.rolbypassrls as bypass,
                    (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
                      where n.nspname = 'public' and pg_get_userbyid(c.relowner) = current_user) as owned
               from pg_roles r where r.rolname = current_user`,
          ),
        );
      expect(await roleOf('installation')).toEqual([
        { name: INSTALLATION_ROLE, superuser: false, bypass: false, owned: 0 },
      ]);
      expect(await roleOf({ tenantId: tenant?.id ?? '' })).toEqual([
        { name: APP_ROLE, superuser: false, bypass: false, owned: 0 },
      ]);
      // A scope is only ever a tenant's uuid: nothing else reaches the statement that sets it.
      await expect(
        testDb.db.transaction({ tenantId: "x', true), set_config('role', 'postgres" }, async () => 1),
      ).rejects.toThrow(/not a tenant id/);
    });

    it('bootstraps the first ROOT_OWNER once and refuses a replay', async () => {
      const user = await bootstrapRootOwner(testDb.db, ROOT.email, ROOT.password);
      expect(user).toMatchObject({ email: ROOT.email, role: 'ROOT_OWNER', tenantId: null, status: 'ACTIVE' });
      await expect(bootstrapRootOwner(testDb.db, 'second@example.org', ROOT.password)).rejects.toMatchObject({
        code: 'ALREADY_EXISTS',
      });
    });

    it('logs in with an opaque token, knows who is calling, and logs out', async () => {
      const token = await login(ROOT.email, ROOT.password);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const [stored] = await testDb.db.transaction('installation', (tx) =>
        tx.query<{ token_hash: string }>('select token_hash from sessions order by created_at desc limit 1'),
      );
      expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored?.token_hash).not.toContain(token);
      expect(await call({ method: 'GET', url: '/auth/me', token })).toMatchObject({
        status: 200,
        body: { email: ROOT.email, role: 'ROOT_OWNER' },
      });
      expect((await call({ method: 'POST', url: '/auth/logout', token, payload: {} })).status).toBe(204);
      expectProblem(await call({ method: 'GET', url: '/auth/me', token }), 401, 'UNAUTHORIZED');
      expectProblem(await call({ method: 'GET', url: '/auth/me' }), 401, 'UNAUTHORIZED');
      rootToken = await login(ROOT.email, ROOT.password);
    });

    it('lets only ROOT_OWNER create tenants', async () => {
      const a = await call({ method: 'POST', url: '/tenants', token: rootToken, payload: { name: 'Clinic A' } });
      const b = await call({ method: 'POST', url: '/tenants', token: rootToken, payload: { name: 'School B' } });
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      tenantA = a.body.id as string;
      tenantB = b.body.id as string;
      const sovereign = await member(rootToken, tenantA, 'sovereign@a.example', 'sovereign');
      expectProblem(
        await call({ method: 'POST', url: '/tenants', token: sovereign.token, payload: { name: 'Mine' } }),
        403,
        'PERMISSION_DENIED',
      );
      const listed = await call({ method: 'GET', url: '/tenants', token: sovereign.token });
      expect(listed.body.tenants).toEqual([expect.objectContaining({ id: tenantA })]);
      expectProblem(
        await call({ method: 'GET', url: `/tenants/${tenantB}/users`, token: sovereign.token }),
        404,
        'NOT_FOUND',
      );
    });

    it('refuses a suspended user on the very next request', async () => {
      const manager = await login('sovereign@a.example', 'sovereign@a.example has a long password');
      const worker = await member(manager, tenantA, 'worker@a.example', 'member');
      expect((await call({ method: 'GET', url: '/auth/me', token: worker.token })).status).toBe(200);
      const patched = await call({
        method: 'PATCH',
        url: `/tenants/${tenantA}/users/${worker.id}`,
        token: manager,
        payload: { status: 'SUSPENDED' },
      });
      expect(patched).toMatchObject({ status: 200, body: { status: 'SUSPENDED' } });
      expectProblem(await call({ method: 'GET', url: '/auth/me', token: worker.token }), 401, 'UNAUTHORIZED');
      expectProblem(
        await call({
          method: 'POST',
          url: '/auth/login',
          payload: { email: 'worker@a.example', password: 'worker@a.example has a long password' },
        }),
        403,
        'PERMISSION_DENIED',
      );
    });

    it('applies a demotion on the very next request', async () => {
      const manager = await login('sovereign@a.example', 'sovereign@a.example has a long password');
      // The tenant's one approver decides alone who joins them.
      const deputy = await member(manager, tenantA, 'deputy@a.example', 'owner', [manager]);
      const invite = { method: 'POST' as const, url: `/tenants/${tenantA}/users`, token: deputy.token };
      expect((await call({ ...invite, payload: { email: 'new1@a.example', role: 'member' } })).status).toBe(201);
      expectProblem(
        await call({ ...invite, payload: { email: 'new2@a.example', role: 'sovereign' } }),
        403,
        'PERMISSION_DENIED',
      );
      const demoted = await call({
        method: 'PATCH',
        url: `/tenants/${tenantA}/users/${deputy.id}`,
        token: manager,
        payload: { role: 'member' },
      });
      expect(demoted).toMatchObject({ status: 200, body: { role: 'member' } });
      expect((await call({ method: 'GET', url: '/auth/me', token: deputy.token })).body).toMatchObject({
        role: 'member',
      });
      expectProblem(
        await call({ ...invite, payload: { email: 'new3@a.example', role: 'member' } }),
        403,
        'PERMISSION_DENIED',
      );
      expectProblem(
        await call({
          method: 'PATCH',
          url: `/tenants/${tenantA}/users/${deputy.id}`,
          token: deputy.token,
          payload: { role: 'owner' },
        }),
        403,
        'PERMISSION_DENIED',
      );
    });

    it('rejects unknown fields, protected fields and bad JSON as problems naming the field', async () => {
      const [user] = await testDb.db.transaction({ tenantId: tenantA }, (tx) =>
        tx.query<{ id: string }>("select id from users where email = 'worker@a.example'"),
      );
      const url = `/tenants/${tenantA}/users/${user?.id}`;
      for (const payload of [{ email: 'x@example.org' }, { tenantId: tenantB }, { status: 'ACTIVE', id: 'x' }]) {
        const answer = await call({ method: 'PATCH', url, token: rootToken, payload });
        expectProblem(answer, 400, 'INVALID_INPUT');
        expect(JSON.stringify(answer.body.details)).toContain('body');
      }
      expectProblem(await call({ method: 'GET', url: '/tenants?all=1', token: rootToken }), 400, 'INVALID_INPUT');
      expectProblem(await call({ method: 'GET', url: '/tenants/not-a-uuid', token: rootToken }), 400, 'INVALID_INPUT');
      expectProblem(
        await call({
          method: 'POST',
          url: '/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: '{"email":',
        }),
        400,
        'INVALID_INPUT',
      );
      expectProblem(await call({ method: 'GET', url: '/no/such/route' }), 404, 'NOT_FOUND');
    });

    it('locks out an email and address after repeated failures, even for the right password', async () => {
      const wrong = { email: ROOT.email, password: 'not the password' };
      for (let attempt = 0; attempt < 3; attempt++) {
        expectProblem(await call({ method: 'POST', url: '/auth/login', payload: wrong }), 401, 'UNAUTHORIZED');
      }
      const locked = await call({ method: 'POST', url: '/auth/login', payload: ROOT });
      expectProblem(locked, 429, 'RATE_LIMITED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      // The same email from another address is not locked out.
      const elsewhere = await call({ method: 'POST', url: '/auth/login', payload: ROOT, remoteAddress: '10.0.0.9' });
      expect(elsewhere.status).toBe(201);
    });

    it('never shows tenant A a row of tenant B, even to a query that forgets its where', async () => {
      await member(rootToken, tenantB, 'owner@b.example', 'owner');
      await testDb.db.transaction('installation', async (tx) => {
        for (const tenantId of [tenantA, tenantB]) {
          const [decision] = await tx.query<{ id: string }>(
            `insert into decisions (id, tenant_id, kind, actor, rationale, payload, risk, status, proposed_at, updated_at)
             values (gen_random_uuid(), $1, 'file.write', '{"kind":"ai","id":"planner"}', 'why', '{}', 'low', 'pending', now(), now())
             returning id`,
            [tenantId],
          );
          const [user] = await tx.query<{ id: string }>('select id from users where tenant_id = $1 limit 1', [
            tenantId,
          ]);
          await tx.query(
            `insert into decision_reviews (tenant_id, decision_id, user_id, verdict, reviewed_at)
             values ($1, $2, $3, 'approved', now())`,
            [tenantId, decision?.id, user?.id],
          );
          await tx.query(
            `insert into outbox (tenant_id, kind, recipient, data, next_attempt_at)
             values ($1, 'invitation', 'someone@example.org', '{}', now() + interval '1 day')`,
            [tenantId],
          );
          await appendAudit(tx, tenantId, {
            actor: { kind: 'system', id: 'test' },
            action: 'test.recorded',
            subject: 'test',
            data: {},
          });
        }
      });
      const seen = await testDb.db.transaction({ tenantId: tenantA }, async (tx) => ({
        tenants: await tx.query<{ id: string }>('select id from tenants'),
        users: await tx.query<{ tenant_id: string }>('select tenant_id from users'),
        sessions: await tx.query<{ tenant_id: string }>('select tenant_id from sessions'),
        decisions: await tx.query<{ tenant_id: string }>('select tenant_id from decisions'),
        audit: await tx.query<{ tenant_id: string }>('select tenant_id from audit_entries'),
        reviews: await tx.query<{ tenant_id: string }>('select tenant_id from decision_reviews'),
        outbox: await tx.query<{ tenant_id: string }>('select tenant_id from outbox'),
      }));
      expect(seen.tenants).toEqual([{ id: tenantA }]);
      for (const rows of [seen.users, seen.sessions, seen.decisions, seen.audit, seen.reviews, seen.outbox]) {
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((row) => row.tenant_id === tenantA)).toBe(true);
      }
      // Nor may A write a row into B, or move one of its rows there.
      await expect(
        testDb.db.transaction({ tenantId: tenantA }, (tx) =>
          tx.query("insert into tenants (id, name) values ($1, 'smuggled') ", [crypto.randomUUID()]),
        ),
      ).rejects.toThrow(/row-level security/);
      await expect(
        testDb.db.transaction({ tenantId: tenantA }, (tx) =>
          tx.query('update decisions set tenant_id = $1', [tenantB]),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('scopes a one-round-trip read (queryOnce) to its tenant, as a transaction is', async () => {
      const tenantColumn = (table: string) => (table === 'tenants' ? 'id' : 'tenant_id');
      for (const [tenantId, other] of [
        [tenantA, tenantB],
        [tenantB, tenantA],
      ] as const) {
        for (const table of TENANT_TABLES) {
          const rows = await testDb.db.queryOnce<{ tenant: string }>(
            { tenantId },
            `select ${tenantColumn(table)} as tenant from ${table}`,
          );
          expect(rows.length, `${table} in ${tenantId}`).toBeGreaterThan(0);
          expect(rows.filter((row) => row.tenant !== tenantId).length, `${table}: rows of ${other}`).toBe(0);
        }
      }
      const everyone = await testDb.db.queryOnce<{ tenant_id: string }>('installation', 'select tenant_id from users');
      expect(new Set(everyone.map((row) => row.tenant_id))).toEqual(new Set([null, tenantA, tenantB]));
      // Values travel as parameters, never as SQL text; the scope is only ever a tenant's uuid.
      const [none] = await testDb.db.queryOnce<{ count: number }>(
        { tenantId: tenantA },
        'select count(*)::int as count from users where email = $1',
        ["x' or '1' = '1"],
      );
      expect(none).toEqual({ count: 0 });
      await expect(testDb.db.queryOnce({ tenantId: `${tenantA}'` }, 'select 1')).rejects.toThrow(/not a tenant id/);
    });

    it('finishes a request in flight when it shuts down', async () => {
      const server = testApp(testDb.db, { expiryIntervalMs: undefined });
      // The handler holds the request until the shutdown has begun: no guess at how long either takes.
      let arrived = () => {};
      const inHandler = new Promise<void>((resolve) => (arrived = resolve));
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      server.get('/test/slow', async () => {
        arrived();
        await gate;
        return { finished: true };
      });
      await server.listen({ port: 0, host: '127.0.0.1' });
      const address = server.server.address();
      if (!address || typeof address === 'string') throw new Error('not listening on a port');
      const inFlight = fetch(`http://127.0.0.1:${address.port}/test/slow`);
      await inHandler;
      const closing = server.close();
      release();
      await closing;
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ finished: true });
    });

    it('reopens without applying a migration twice, keeping the data', async () => {
      await app.close();
      const db = await testDb.reopen();
      app = testApp(db, { expiryIntervalMs: undefined });
      expect(await testDb.appliedMigrations()).toBe(MIGRATIONS);
      await expect(bootstrapRootOwner(testDb.db, 'third@example.org', ROOT.password)).rejects.toMatchObject({
        code: 'ALREADY_EXISTS',
      });
    });
  });
}
