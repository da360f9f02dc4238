import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordOf, TestClient } from './client.js';
import type { TestDatabase } from './databases.js';
import { OPEN_TIMEOUT_MS, testApp } from './test-app.js';
import { buildWorld, proposal, ROOT, type TenantPeople, type World } from './world.js';

/** The callers, in the order every row lists its expected statuses. */
const CALLERS = ['anonymous', 'root', 'sovereign', 'owner', 'member', 'approver', 'suspended'] as const;
type Caller = (typeof CALLERS)[number];

interface Row {
  method: InjectOptions['method'];
  /** The route as /openapi.json names it. */
  route: string;
  /** The URL for a tenant (the caller's own or the other one), made fresh for each call. */
  url: (tenant: TenantPeople) => string | Promise<string>;
  body?: () => Record<string, unknown>;
  /** Expected statuses in CALLERS order, in the caller's own tenant, and (for tenant routes) in the other. */
  own: string;
  other?: string;
  /** Each call gets a session of its own (logout ends the one it is given). */
  freshSession?: boolean;
}

const statuses = (text: string) => text.split(' ').map(Number);
let counter = 0;
const fresh = (what: string) => `${what}-${++counter}`;

/**
 * Every route × every role × own or other tenant → the status it must answer. Callers belong to tenant A
 * (ROOT_OWNER to none; a member granted decisions.approve; a suspended member); "other" is tenant B.
 * WebSocket access (/tenants/{tenantId}/events) has its own table in the governance suite.
 */
export function describeAuthorizationMatrix(name: string, open: () => Promise<TestDatabase>): void {
  describe(name, () => {
    let testDb: TestDatabase;
    let app: FastifyInstance;
    let world: World;
    let gitRoot: string;
    const client = new TestClient(() => app);

    beforeAll(async () => {
      testDb = await open();
      gitRoot = await mkdtemp(join(tmpdir(), 'webnova-matrix-git-'));
      app = testApp(testDb.db, { git: { root: gitRoot } });
      world = await buildWorld(client, testDb.db);
    }, OPEN_TIMEOUT_MS);

    afterAll(async () => {
      await app?.close();
      await testDb?.dispose();
      if (gitRoot) await rm(gitRoot, { recursive: true, force: true });
    });

    /** A new pending decision in `tenant`, proposed by its proposer (whom nobody here impersonates). */
    const freshDecision = async (tenant: TenantPeople) => {
      const answer = await client.call({
        method: 'POST',
        url: `/tenants/${tenant.id}/decisions`,
        token: tenant.proposer.token,
        payload: proposal(),
      });
      return answer.body.id as string;
    };
    const standingDecision = new Map<string, string>();
    /** A new device of the tenant's member (whom a member approver may not revoke, nor another tenant). */
    const memberDevice = async (tenant: TenantPeople) => {
      const answer = await client.call({
        method: 'POST',
        url: '/devices',
        token: tenant.member.token,
        payload: { name: fresh('laptop') },
      });
      return answer.body.deviceId as string;
    };

    /** A new access token of the tenant's member (nobody else's to revoke). */
    const memberAccessToken = async (tenant: TenantPeople) => {
      const answer = await client.call({
        method: 'POST',
        url: '/auth/tokens',
        token: tenant.member.token,
        payload: { name: fresh('token'), scope: 'read' },
      });
      return answer.body.id as string;
    };
    /** A project the tenant's owner published. */
    const ownerProject = async (tenant: TenantPeople) => {
      const answer = await client.call({
        method: 'POST',
        url: '/projects',
        token: tenant.owner.token,
        payload: { id: crypto.randomUUID(), slug: fresh('project'), name: 'Project' },
      });
      return answer.body as { id: string; slug: string };
    };

    const rows: Row[] = [
      { method: 'GET', route: '/healthz', url: () => '/healthz', own: '200 200 200 200 200 200 200' },
      { method: 'GET', route: '/readyz', url: () => '/readyz', own: '200 200 200 200 200 200 200' },
      { method: 'GET', route: '/openapi.json', url: () => '/openapi.json', own: '200 200 200 200 200 200 200' },
      {
        method: 'POST',
        route: '/auth/login',
        url: () => '/auth/login',
        body: () => ({ email: `${fresh('nobody')}@example.org`, password: 'not a password at all' }),
        own: '401 401 401 401 401 401 401',
      },
      {
        method: 'POST',
        route: '/auth/accept-invitation',
        url: () => '/auth/accept-invitation',
        body: () => ({ token: 'x'.repeat(43), password: 'a long enough password' }),
        own: '404 404 404 404 404 404 404',
      },
      { method: 'GET', route: '/auth/me', url: () => '/auth/me', own: '401 200 200 200 200 200 401' },
      // Enable and disable before any setup: owner roles hear there is nothing to enable or disable.
      {
        method: 'POST',
        route: '/auth/totp/enable',
        url: () => '/auth/totp/enable',
        body: () => ({ code: '000000' }),
        own: '401 409 409 409 403 403 401',
      },
      {
        method: 'POST',
        route: '/auth/totp/disable',
        url: () => '/auth/totp/disable',
        body: () => ({ code: '000000' }),
        own: '401 409 409 409 403 403 401',
      },
      { method: 'POST', route: '/auth/totp/setup', url: () => '/auth/totp/setup', own: '401 201 201 201 403 403 401' },
      {
        method: 'POST',
        route: '/tenants',
        url: () => '/tenants',
        body: () => ({ name: fresh('Tenant') }),
        own: '401 201 403 403 403 403 401',
      },
      { method: 'GET', route: '/tenants', url: () => '/tenants', own: '401 200 200 200 200 200 401' },
      {
        method: 'GET',
        route: '/tenants/{tenantId}',
        url: (t) => `/tenants/${t.id}`,
        own: '401 200 200 200 200 200 401',
        other: '401 200 404 404 404 404 401',
      },
      {
        method: 'GET',
        route: '/tenants/{tenantId}/users',
        url: (t) => `/tenants/${t.id}/users`,
        own: '401 200 200 200 200 200 401',
        other: '401 200 404 404 404 404 401',
      },
      {
        method: 'POST',
        route: '/tenants/{tenantId}/users',
        url: (t) => `/tenants/${t.id}/users`,
        body: () => ({ email: `${fresh('invitee')}@example.org`, role: 'member' }),
        own: '401 201 201 201 403 403 401',
        other: '401 201 404 404 404 404 401',
      },
      {
        method: 'PATCH',
        route: '/tenants/{tenantId}/users/{userId}',
        url: (t) => `/tenants/${t.id}/users/${t.proposer.id}`,
        body: () => ({ status: 'ACTIVE' }),
        own: '401 200 200 200 403 403 401',
        other: '401 200 404 404 404 404 401',
      },
      {
        method: 'POST',
        route: '/tenants/{tenantId}/decisions',
        url: (t) => `/tenants/${t.id}/decisions`,
        body: () => proposal(),
        own: '401 403 201 201 201 201 401',
        other: '401 403 404 404 404 404 401',
      },
      {
        method: 'GET',
        route: '/tenants/{tenantId}/decisions',
        url: (t) => `/tenants/${t.id}/decisions`,
        own: '401 200 200 200 200 200 401',
        other: '401 200 404 404 404 404 401',
      },
      {
        method: 'GET',
        route: '/tenants/{tenantId}/decisions/{decisionId}',
        url: async (t) => {
          if (!standingDecision.has(t.id)) standingDecision.set(t.id, await freshDecision(t));
          return `/tenants/${t.id}/decisions/${standingDecision.get(t.id)}`;
        },
        own: '401 200 200 200 200 200 401',
        other: '401 200 404 404 404 404 401',
      },
      {
        method: 'POST',
        route: '/tenants/{tenantId}/decisions/{decisionId}/approve',
        url: async (t) => `/tenants/${t.id}/decisions/${await freshDecision(t)}/approve`,
        body: () => ({}),
        own: '401 403 200 200 403 200 401',
        other: '401 403 404 404 404 404 401',
      },
      {
        method: 'POST',
        route: '/tenants/{tenantId}/decisions/{decisionId}/reject',
        url: async (t) => `/tenants/${t.id}/decisions/${await freshDecision(t)}/reject`,
        body: () => ({ comment: 'no' }),
        own: '401 403 200 200 403 200 401',
        other: '401 403 404 404 404 404 401',
      },
      {
        method: 'GET',
        route: '/tenants/{tenantId}/audit/verify',
        url: (t) => `/tenants/${t.id}/audit/verify`,
        own: '401 200 200 200 403 403 401',
        other: '401 200 404 404 404 404 401',
      },
      {
        method: 'GET',
        route: '/tenants/{tenantId}/audit/export',
        url: (t) => `/tenants/${t.id}/audit/export`,
        own: '401 200 200 200 403 403 401',
        other: '401 200 404 404 404 404 401',
      },
      {
        method: 'POST',
        route: '/devices',
        url: () => '/devices',
        body: () => ({ name: fresh('laptop') }),
        own: '401 403 201 201 201 201 401',
      },
      { method: 'GET', route: '/devices', url: () => '/devices', own: '401 403 200 200 200 200 401' },
      {
        method: 'DELETE',
        route: '/devices/{deviceId}',
        url: async (t) => `/devices/${await memberDevice(t)}`,
        own: '401 403 200 200 200 403 401',
        other: '401 403 404 404 404 404 401',
      },
      // A session is not a device credential.
      {
        method: 'POST',
        route: '/sync/push',
        url: () => '/sync/push',
        body: () => ({ deviceId: crypto.randomUUID(), events: [{ seq: 1 }] }),
        own: '401 401 401 401 401 401 401',
      },
      { method: 'GET', route: '/sync/pull', url: () => '/sync/pull?after=0', own: '401 401 401 401 401 401 401' },
      { method: 'GET', route: '/sync/devices', url: () => '/sync/devices', own: '401 401 401 401 401 401 401' },
      { method: 'GET', route: '/sync/audit', url: () => '/sync/audit?after=0', own: '401 401 401 401 401 401 401' },
      {
        method: 'POST',
        route: '/projects',
        url: () => '/projects',
        body: () => ({ id: crypto.randomUUID(), slug: fresh('project'), name: 'Project' }),
        own: '401 403 201 201 201 201 401',
      },
      { method: 'GET', route: '/projects', url: () => '/projects', own: '401 403 200 200 200 200 401' },
      {
        method: 'GET',
        route: '/projects/{id}',
        url: async (t) => `/projects/${(await ownerProject(t)).id}`,
        own: '401 403 200 200 200 200 401',
        other: '401 403 404 404 404 404 401',
      },
      {
        method: 'POST',
        route: '/auth/tokens',
        url: () => '/auth/tokens',
        body: () => ({ name: fresh('token'), scope: 'read-write' }),
        own: '401 403 201 201 201 201 401',
      },
      { method: 'GET', route: '/auth/tokens', url: () => '/auth/tokens', own: '401 403 200 200 200 200 401' },
      {
        method: 'DELETE',
        route: '/auth/tokens/{id}',
        url: async (t) => `/auth/tokens/${await memberAccessToken(t)}`,
        own: '401 403 404 404 204 404 401',
        other: '401 403 404 404 404 404 401',
      },
      // A session is not a git credential: git takes an access token or a device credential.
      {
        method: 'GET',
        route: '/git/{tenantId}/{repository}/info/refs',
        url: async (t) => `/git/${t.id}/${(await ownerProject(t)).slug}.git/info/refs?service=git-upload-pack`,
        own: '401 401 401 401 401 401 401',
        other: '401 401 401 401 401 401 401',
      },
      {
        method: 'POST',
        route: '/git/{tenantId}/{repository}/git-upload-pack',
        url: async (t) => `/git/${t.id}/${(await ownerProject(t)).slug}.git/git-upload-pack`,
        own: '401 401 401 401 401 401 401',
        other: '401 401 401 401 401 401 401',
      },
      {
        method: 'POST',
        route: '/git/{tenantId}/{repository}/git-receive-pack',
        url: async (t) => `/git/${t.id}/${(await ownerProject(t)).slug}.git/git-receive-pack`,
        own: '401 401 401 401 401 401 401',
        other: '401 401 401 401 401 401 401',
      },
      // After every row that needs the proposers' sessions: this one ends them.
      {
        method: 'POST',
        route: '/tenants/{tenantId}/users/{userId}/sessions/revoke',
        url: (t) => `/tenants/${t.id}/users/${t.proposer.id}/sessions/revoke`,
        own: '401 200 200 200 403 403 401',
        other: '401 200 404 404 404 404 401',
      },
      {
        method: 'POST',
        route: '/auth/logout',
        url: () => '/auth/logout',
        own: '401 204 204 204 204 204 401',
        freshSession: true,
      },
    ];

    async function tokenOf(caller: Caller, freshSession: boolean): Promise<string | undefined> {
      if (caller === 'anonymous') return undefined;
      if (caller === 'root') return freshSession ? client.login(ROOT.email, ROOT.password) : world.root.token;
      const person = world.a[caller];
      if (!freshSession || caller === 'suspended') return person.token;
      return client.login(person.email, passwordOf(person.email));
    }

    it('answers every route, for every role, in its own and the other tenant, as the table says', async () => {
      const seen: string[] = [];
      const expected: string[] = [];
      for (const row of rows) {
        const targets: Array<['own' | 'other', TenantPeople, string]> = [['own', world.a, row.own]];
        if (row.other) targets.push(['other', world.b, row.other]);
        for (const [where, tenant, line] of targets) {
          const want = statuses(line);
          for (const [index, caller] of CALLERS.entries()) {
            const token = await tokenOf(caller, row.freshSession ?? false);
            const body = row.body?.();
            const answer = await client.call({
              method: row.method,
              url: await row.url(tenant),
              token,
              ...(body === undefined ? {} : { payload: body }),
            });
            seen.push(`${row.method} ${row.route} (${where}) as ${caller}: ${answer.status}`);
            expected.push(`${row.method} ${row.route} (${where}) as ${caller}: ${want[index]}`);
          }
        }
      }
      expect(seen).toEqual(expected);
    });

    it('leaves no route out of the table', async () => {
      const document = await client.call({ method: 'GET', url: '/openapi.json' });
      const paths = document.body.paths as Record<string, Record<string, unknown>>;
      const documented = Object.entries(paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const tabled = rows.map((row) => `${row.method} ${row.route}`);
      // WebSockets have tables of their own (the governance suite; test/sync-replicas.test.ts).
      expect(documented.filter((route) => !tabled.includes(route))).toEqual([
        'GET /tenants/{tenantId}/events',
        'GET /sync/poke',
      ]);
    });
  });
}
