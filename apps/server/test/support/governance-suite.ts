import { randomBytes } from 'node:crypto';
import { verifyAuditChain } from '@webnova/core/audit-chain';
import { Decision } from '@webnova/core/contracts';
import type { FastifyInstance } from 'fastify';
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../../packages/core/test/support/until.js';
import { buildApp } from '../../src/app.js';
import { SecretBox } from '../../src/auth/secret-box.js';
import { newTotpSecret } from '../../src/auth/totp.js';
import { bootstrapRootOwner } from '../../src/bootstrap.js';
import { expectProblem, passwordOf, TEST_SECRET_KEY, TestClient } from './client.js';
import type { TestDatabase } from './databases.js';
import { openSocket, type TestSocket } from './sockets.js';
import { listenOnLoopback, OPEN_TIMEOUT_MS, testApp } from './test-app.js';
import { buildWorld, proposal, type World } from './world.js';

type Body = Record<string, unknown>;

/** Decisions, approvals, notifications, the audit chain, TOTP and permissions, on whichever database `open` gives. */
export function describeGovernance(name: string, open: () => Promise<TestDatabase>): void {
  describe(name, () => {
    let testDb: TestDatabase;
    let app: FastifyInstance;
    let socketBase: string;
    let world: World;
    const client = new TestClient(() => app);
    const call = client.call.bind(client);
    const sockets: TestSocket[] = [];

    const propose = async (tenantId: string, token: string, extra: Body = {}) => {
      const answer = await call({
        method: 'POST',
        url: `/tenants/${tenantId}/decisions`,
        token,
        payload: proposal(extra),
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body;
    };
    const review = (tenantId: string, id: unknown, verb: 'approve' | 'reject', token: string, payload: Body = {}) =>
      call({ method: 'POST', url: `/tenants/${tenantId}/decisions/${id}/${verb}`, token, payload });
    const socket = (tenantId: string, token: string | undefined, how?: 'header' | 'firstMessage') => {
      const opened = openSocket(`${socketBase}/tenants/${tenantId}/events`, token, how);
      sockets.push(opened);
      return opened;
    };
    const auditActions = async (tenantId: string) => {
      const exported = await call({ method: 'GET', url: `/tenants/${tenantId}/audit/export`, token: world.root.token });
      return exported.text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { action: string }).action);
    };

    beforeAll(async () => {
      testDb = await open();
      app = testApp(testDb.db);
      socketBase = `ws://127.0.0.1:${await listenOnLoopback(app)}`;
      world = await buildWorld(client, testDb.db);
    }, OPEN_TIMEOUT_MS);

    afterAll(async () => {
      for (const opened of sockets) opened.close();
      await app?.close();
      await testDb?.dispose();
    });

    it("proposes with the desktop's Decision contract and lists a tenant's pending decisions", async () => {
      const { a, b } = world;
      const proposed = await propose(a.id, a.member.token, { quorum: 1 });
      expect(Decision.safeParse(proposed).success).toBe(true);
      expect(proposed).toMatchObject({
        status: 'pending',
        version: 1,
        actor: { kind: 'user', id: a.member.id },
        quorum: 1,
        approvals: [],
        risk: 'medium',
      });
      expect(proposed.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      const listed = await call({ method: 'GET', url: `/tenants/${a.id}/decisions`, token: a.sovereign.token });
      expect((listed.body.decisions as Body[]).map((decision) => decision.id)).toContain(proposed.id);
      const bList = await call({ method: 'GET', url: `/tenants/${b.id}/decisions`, token: b.sovereign.token });
      expect(bList.body.decisions).toEqual([]);
      expectProblem(
        await call({ method: 'GET', url: `/tenants/${a.id}/decisions/${proposed.id}`, token: b.sovereign.token }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await call({ method: 'GET', url: `/tenants/${b.id}/decisions/${proposed.id}`, token: b.sovereign.token }),
        404,
        'NOT_FOUND',
      );
    });

    it('approves with a quorum of distinct approvers, a proposing approver among them, and refuses late reviews', async () => {
      const { a, b, root } = world;
      const decision = await propose(a.id, a.sovereign.token, { quorum: 3 });
      expectProblem(await review(a.id, decision.id, 'approve', a.member.token), 403, 'PERMISSION_DENIED');
      expectProblem(await review(a.id, decision.id, 'approve', root.token), 403, 'PERMISSION_DENIED');
      expectProblem(await review(a.id, decision.id, 'approve', b.sovereign.token), 404, 'NOT_FOUND');
      // A person who proposes as an approver approves too: theirs is one of the quorum.
      const own = await review(a.id, decision.id, 'approve', a.sovereign.token);
      expect(own.body).toMatchObject({ status: 'pending', version: 2, approvals: [{ by: { id: a.sovereign.id } }] });
      expectProblem(await review(a.id, decision.id, 'approve', a.sovereign.token), 409, 'CONFLICT');

      const first = await review(a.id, decision.id, 'approve', a.owner.token, { comment: 'fine by me' });
      expect(first.body).toMatchObject({ status: 'pending', version: 3 });
      expect(first.body.approvals).toHaveLength(2);
      expectProblem(await review(a.id, decision.id, 'approve', a.owner.token), 409, 'CONFLICT');

      const second = await review(a.id, decision.id, 'approve', a.approver.token, { comment: 'go' });
      expect(second.status).toBe(200);
      expect(Decision.safeParse(second.body).success).toBe(true);
      expect(second.body).toMatchObject({
        status: 'approved',
        version: 4,
        review: { verdict: 'approved', by: { kind: 'user', id: a.approver.id }, comment: 'go' },
      });
      expect(second.body.approvals).toHaveLength(3);
      expectProblem(await review(a.id, decision.id, 'reject', a.owner2.token), 409, 'CONFLICT');
      const pending = await call({ method: 'GET', url: `/tenants/${a.id}/decisions`, token: a.owner.token });
      expect((pending.body.decisions as Body[]).map((entry) => entry.id)).not.toContain(decision.id);
      const approved = await call({
        method: 'GET',
        url: `/tenants/${a.id}/decisions?status=approved`,
        token: a.owner.token,
      });
      expect((approved.body.decisions as Body[]).map((entry) => entry.id)).toContain(decision.id);
    });

    it('rejects on a single rejection, with its comment', async () => {
      const { a } = world;
      const decision = await propose(a.id, a.proposer.token, { quorum: 3 });
      const rejected = await review(a.id, decision.id, 'reject', a.owner2.token, { comment: 'too risky' });
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        review: { verdict: 'rejected', by: { id: a.owner2.id }, comment: 'too risky' },
      });
      expectProblem(await review(a.id, decision.id, 'approve', a.owner.token), 409, 'CONFLICT');
    });

    it('expires an unanswered decision when it is read, and by the timer when nobody reads', async () => {
      const { a } = world;
      const past = await call({
        method: 'POST',
        url: `/tenants/${a.id}/decisions`,
        token: a.proposer.token,
        payload: proposal({ expiresAt: new Date(Date.now() - 1000).toISOString() }),
      });
      expectProblem(past, 400, 'INVALID_INPUT');

      // Far enough ahead to be in the future when a loaded machine delivers the proposal; then the
      // database's own clock (what expiry compares with) is watched until it has passed.
      const soon = () => ({ expiresAt: new Date(Date.now() + 2_000).toISOString() });
      const read = await propose(a.id, a.proposer.token, soon());
      await until(async () => {
        const [row] = await testDb.db.queryOnce<{ past: boolean }>(
          'installation',
          'select now() > $1::timestamptz as past',
          [read.expiresAt],
        );
        return row?.past;
      });
      const seen = await call({ method: 'GET', url: `/tenants/${a.id}/decisions/${read.id}`, token: a.owner.token });
      expect(seen.body).toMatchObject({ status: 'expired', version: 2 });
      expectProblem(await review(a.id, read.id, 'approve', a.owner.token), 409, 'CONFLICT');

      // Reading expires all the tenant's due decisions: this one is proposed once that is done.
      const timed = await propose(a.id, a.proposer.token, soon());
      const listener = socket(a.id, a.owner.token);
      await listener.next((message) => message.type === 'ready');
      const sweeper = testApp(testDb.db, { expiryIntervalMs: 50 });
      await sweeper.ready();
      try {
        // Read the row directly: reading through the API would expire it on the way.
        const status = async () => {
          const [row] = await testDb.db.transaction({ tenantId: a.id }, (tx) =>
            tx.query<{ status: string }>('select status from decisions where id = $1', [timed.id]),
          );
          return row?.status ?? 'missing';
        };
        await until(async () => (await status()) !== 'pending');
        expect(await status()).toBe('expired');
      } finally {
        await sweeper.close();
      }
      const actions = await auditActions(a.id);
      expect(actions.filter((action) => action === 'decision.expired')).toHaveLength(2);
      const [entry] = await testDb.db.transaction({ tenantId: a.id }, (tx) =>
        tx.query<{ actor: Body }>(
          "select actor from audit_entries where subject = $1 and action = 'decision.expired'",
          [`decision:${timed.id}`],
        ),
      );
      expect(entry?.actor).toEqual({ kind: 'system', id: 'webnova-server' });
    });

    it("tells the tenant's connected clients of every change, and nobody else", async () => {
      const { a, b } = world;
      const owner = socket(a.id, a.owner.token);
      const browser = socket(a.id, a.sovereign.token, 'firstMessage');
      const outsider = socket(b.id, b.sovereign.token);
      for (const opened of [owner, browser, outsider]) await opened.next((message) => message.type === 'ready');

      const decision = await propose(a.id, a.proposer.token);
      const told = (type: string) => (message: Body) =>
        message.type === type && (message.decision as Body).id === decision.id;
      await owner.next(told('decision.proposed'));
      await browser.next(told('decision.proposed'));
      await review(a.id, decision.id, 'approve', a.owner.token);
      const approved = await browser.next(told('decision.approved'));
      expect(approved).toMatchObject({ tenantId: a.id, decision: { status: 'approved' } });
      await propose(b.id, b.proposer.token);
      await outsider.next((message) => message.type === 'decision.proposed');
      expect(JSON.stringify(outsider.messages)).not.toContain(decision.id as string);

      // Who may listen: the tenant's own users and ROOT_OWNER; others look missing; no session, no socket.
      const expectations: Array<[string, string | undefined, number | 'ready']> = [
        [a.id, world.root.token, 'ready'],
        [a.id, a.member.token, 'ready'],
        [a.id, b.sovereign.token, 4404],
        [a.id, a.suspended.token, 4401],
        [a.id, 'x'.repeat(43), 4401],
      ];
      for (const [tenantId, token, expected] of expectations) {
        const opened = socket(tenantId, token);
        if (expected === 'ready') await opened.next((message) => message.type === 'ready');
        else expect((await opened.closed).code).toBe(expected);
      }
      const silent = socket(a.id, undefined);
      silent.socket.on('open', () => silent.socket.send('{"type":"hello"}'));
      expect((await silent.closed).code).toBe(4400);
    });

    it('closes the sockets of a session that ends: logout, revocation, suspension', async () => {
      const { a } = world;
      const temp = await client.member(a.sovereign.token, a.id, 'temp@a.example', 'member');
      const second = await client.login('temp@a.example', passwordOf('temp@a.example'));
      const third = await client.login('temp@a.example', passwordOf('temp@a.example'));
      const revokedSocket = socket(a.id, third);
      await revokedSocket.next((message) => message.type === 'ready');
      expectProblem(
        await call({
          method: 'POST',
          url: `/tenants/${a.id}/users/${a.sovereign.id}/sessions/revoke`,
          token: a.owner.token,
        }),
        403,
        'PERMISSION_DENIED',
      );
      const revoked = await call({
        method: 'POST',
        url: `/tenants/${a.id}/users/${temp.id}/sessions/revoke`,
        token: a.owner.token,
      });
      expect(revoked.body).toEqual({ revoked: 3 });
      expect((await revokedSocket.closed).code).toBe(4401);
      for (const token of [temp.token, second, third]) {
        expectProblem(await call({ method: 'GET', url: '/auth/me', token }), 401, 'UNAUTHORIZED');
      }
      expect(await auditActions(a.id)).toContain('user.sessionsRevoked');
      const fresh = await client.login('temp@a.example', passwordOf('temp@a.example'));
      const bySession = socket(a.id, fresh);
      const byUser = socket(a.id, await client.login('temp@a.example', passwordOf('temp@a.example')));
      await bySession.next((message) => message.type === 'ready');
      await byUser.next((message) => message.type === 'ready');
      expect((await call({ method: 'POST', url: '/auth/logout', token: fresh })).status).toBe(204);
      expect((await bySession.closed).code).toBe(4401);
      await call({
        method: 'PATCH',
        url: `/tenants/${a.id}/users/${temp.id}`,
        token: a.sovereign.token,
        payload: { status: 'SUSPENDED' },
      });
      expect((await byUser.closed).code).toBe(4401);
    });

    it('chains every change in the audit log, verifies it, exports it as JSON lines and names a broken entry', async () => {
      const { a, b } = world;
      const verified = await call({ method: 'GET', url: `/tenants/${a.id}/audit/verify`, token: a.owner.token });
      expect(verified.body).toMatchObject({ ok: true, headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const count = verified.body.count as number;

      const exported = await call({ method: 'GET', url: `/tenants/${a.id}/audit/export`, token: a.sovereign.token });
      expect(exported.status).toBe(200);
      expect(exported.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const entries = exported.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Body);
      expect(entries).toHaveLength(count);
      // The desktop's own verifier accepts the server's chain: the same hashing.
      expect(verifyAuditChain(entries)).toEqual({ ok: true, count, headHash: verified.body.headHash });
      const actions = new Set(entries.map((entry) => entry.action));
      for (const action of [
        'tenant.created',
        'user.invited',
        'user.invitationAccepted',
        'user.changed',
        'decision.proposed',
        'decision.approvalRecorded',
        'decision.approved',
        'decision.rejected',
        'decision.expired',
      ]) {
        expect(actions, action).toContain(action);
      }
      const proposed = entries.find((entry) => entry.action === 'decision.proposed');
      expect(proposed?.data).toMatchObject({ payloadSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(JSON.stringify(proposed?.data)).not.toContain('booking.tsx');
      const bEntries = (await call({ method: 'GET', url: `/tenants/${b.id}/audit/export`, token: b.sovereign.token }))
        .text;
      expect(bEntries).not.toContain(a.id);

      // Tampering, each undone afterwards: a changed entry, a removed newest entry.
      const tamper = (sql: string, params: unknown[]) =>
        testDb.db.transaction({ tenantId: a.id }, (tx) => tx.query(sql, params));
      const verify = async () =>
        (await call({ method: 'GET', url: `/tenants/${a.id}/audit/verify`, token: a.owner.token })).body;
      await tamper(`update audit_entries set data = '{"name":"forged"}' where tenant_id = $1 and seq = 3`, [a.id]);
      expect(await verify()).toMatchObject({ ok: false, brokenAt: 3, problem: 'hash' });
      await tamper('update audit_entries set data = $2 where tenant_id = $1 and seq = 3', [
        a.id,
        JSON.stringify(entries[2]?.data),
      ]);
      expect(await verify()).toMatchObject({ ok: true, count });
      const newest = entries[count - 1] as Body;
      await tamper('delete from audit_entries where tenant_id = $1 and seq = $2', [a.id, count]);
      expect(await verify()).toMatchObject({ ok: false, brokenAt: count, problem: 'anchor' });
      await tamper(
        `insert into audit_entries (tenant_id, seq, occurred_at, actor, action, subject, data, prev_hash, hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          a.id,
          newest.seq,
          newest.occurredAt,
          JSON.stringify(newest.actor),
          newest.action,
          newest.subject,
          JSON.stringify(newest.data),
          newest.prevHash,
          newest.hash,
        ],
      );
      expect(await verify()).toMatchObject({ ok: true, count });
    });

    it('appends to one tenant’s chain from racing requests without a gap or a fork', async () => {
      const { a } = world;
      const before = (await call({ method: 'GET', url: `/tenants/${a.id}/audit/verify`, token: a.owner.token })).body;
      const racers = [a.member, a.owner, a.owner2, a.proposer, a.sovereign, a.approver];
      await Promise.all(
        Array.from({ length: 24 }, (_, index) => propose(a.id, (racers[index % 6] as { token: string }).token)),
      );
      const after = (await call({ method: 'GET', url: `/tenants/${a.id}/audit/verify`, token: a.owner.token })).body;
      expect(after).toMatchObject({ ok: true, count: (before.count as number) + 24 });
    });

    it('lets owner roles turn on TOTP; then a login needs a fresh code, and a code works once', async () => {
      const { a } = world;
      const email = a.owner2.email;
      const password = passwordOf(email);
      expectProblem(
        await call({ method: 'POST', url: '/auth/totp/setup', token: a.member.token }),
        403,
        'PERMISSION_DENIED',
      );
      const setup = await call({ method: 'POST', url: '/auth/totp/setup', token: a.owner2.token });
      expect(setup.status).toBe(201);
      expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\/WebNova:/);
      const totp = new TOTP({ secret: setup.body.secret as string });
      const code = (offsetSeconds: number) => totp.generate({ timestamp: Date.now() + offsetSeconds * 1000 });
      expectProblem(
        await call({ method: 'POST', url: '/auth/totp/enable', token: a.owner2.token, payload: { code: '12345' } }),
        400,
        'INVALID_INPUT',
      );
      const enabled = await call({
        method: 'POST',
        url: '/auth/totp/enable',
        token: a.owner2.token,
        payload: { code: code(-30) },
      });
      expect(enabled.body).toMatchObject({ totpEnabled: true });
      const noCode = await call({ method: 'POST', url: '/auth/login', payload: { email, password } });
      expectProblem(noCode, 401, 'UNAUTHORIZED');
      expect(noCode.body.details).toEqual({ totp: 'required' });
      const now = code(0);
      await client.login(email, password, now);
      const replayed = await call({ method: 'POST', url: '/auth/login', payload: { email, password, totp: now } });
      expectProblem(replayed, 401, 'UNAUTHORIZED');
      expect(replayed.body.details).toEqual({ totp: 'wrong' });
      const disabled = await call({
        method: 'POST',
        url: '/auth/totp/disable',
        token: a.owner2.token,
        payload: { code: code(30) },
      });
      expect(disabled.body).toMatchObject({ totpEnabled: false });
      await client.login(email, password);
      expect(await auditActions(a.id)).toEqual(expect.arrayContaining(['user.totpEnabled', 'user.totpDisabled']));
    });

    it('keeps TOTP secrets encrypted at rest, and seals secrets stored before encryption', async () => {
      const { b } = world;
      const row = async (userId: string) => {
        const [found] = await testDb.db.transaction('installation', (tx) =>
          tx.query<{ totp_secret: string | null }>('select totp_secret from users where id = $1', [userId]),
        );
        return found?.totp_secret ?? null;
      };
      const storeAsBefore = (userId: string, secret: string) =>
        testDb.db.transaction('installation', (tx) =>
          tx.query('update users set totp_secret = $2, totp_enabled = true, totp_last_step = null where id = $1', [
            userId,
            secret,
          ]),
        );
      const codeOf = (secret: string) => new TOTP({ secret }).generate();
      const box = new SecretBox(TEST_SECRET_KEY);
      const context = (userId: string) => `webnova:totp-secret:${userId}`;

      // Without a key nothing can be set up, and a secret from before encryption still works, as it is.
      const keyless = testApp(testDb.db, { secretKey: undefined });
      const keylessClient = new TestClient(() => keyless);
      const plain = newTotpSecret();
      await storeAsBefore(b.owner2.id, plain);
      expectProblem(
        await keylessClient.call({ method: 'POST', url: '/auth/totp/setup', token: b.owner.token }),
        503,
        'NOT_CONFIGURED',
      );
      await keylessClient.login(b.owner2.email, passwordOf(b.owner2.email), codeOf(plain));
      expect(await row(b.owner2.id)).toBe(plain);
      await keyless.close();

      // A new secret: the answer shows it once; the row holds only its ciphertext, bound to the user.
      const setup = await call({ method: 'POST', url: '/auth/totp/setup', token: b.owner.token });
      expect(setup.status).toBe(201);
      const secret = setup.body.secret as string;
      const stored = await row(b.owner.id);
      expect(stored).toMatch(/^v1:[0-9a-f]{16}:[\w-]+:[\w-]+:[\w-]+$/);
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('base64url'));
      expect(box.open(stored as string, context(b.owner.id))).toBe(secret);
      expect(() => box.open(stored as string, context(b.sovereign.id))).toThrow();
      const enabled = await call({
        method: 'POST',
        url: '/auth/totp/enable',
        token: b.owner.token,
        payload: { code: codeOf(secret) },
      });
      expect(enabled.body).toMatchObject({ totpEnabled: true });
      await client.login(
        b.owner.email,
        passwordOf(b.owner.email),
        new TOTP({ secret }).generate({ timestamp: Date.now() + 30_000 }),
      );

      // From before encryption, used: the first code that checks out seals it.
      const legacy = newTotpSecret();
      await storeAsBefore(b.sovereign.id, legacy);
      await client.login(b.sovereign.email, passwordOf(b.sovereign.email), codeOf(legacy));
      const resealed = await row(b.sovereign.id);
      expect(resealed).toMatch(/^v1:/);
      expect(box.open(resealed as string, context(b.sovereign.id))).toBe(legacy);

      // From before encryption, at start: a server with the key seals them all (b.owner2's from above).
      const restarted = testApp(testDb.db);
      await restarted.ready();
      const sealedAtStart = await row(b.owner2.id);
      expect(sealedAtStart).toMatch(/^v1:/);
      expect(sealedAtStart).not.toContain(plain);
      expect(box.open(sealedAtStart as string, context(b.owner2.id))).toBe(plain);
      await new TestClient(() => restarted).login(
        b.owner2.email,
        passwordOf(b.owner2.email),
        new TOTP({ secret: plain }).generate({ timestamp: Date.now() + 30_000 }),
      );
      await restarted.close();

      // A server that could not read them refuses to start, and says why.
      for (const [secretKey, message] of [
        [null, /encrypted .*WEBNOVA_SECRET_KEY is not set/],
        [randomBytes(32), /encrypted under the key [0-9a-f]{16}, not WEBNOVA_SECRET_KEY's/],
      ] as const) {
        const wrong = buildApp({ db: testDb.db, logLevel: 'silent', secretKey, expiryIntervalMs: 0 });
        await expect(wrong.ready()).rejects.toThrow(message);
        await wrong.close();
      }

      await testDb.db.transaction('installation', (tx) =>
        tx.query('update users set totp_secret = null, totp_enabled = false where id = any($1::uuid[])', [
          [b.owner.id, b.owner2.id, b.sovereign.id],
        ]),
      );
    });

    it('grants custom permissions on top of roles, never beyond what the granter holds', async () => {
      const { a } = world;
      const helper = await client.member(a.sovereign.token, a.id, 'helper@a.example', 'member');
      const patch = (token: string, userId: string, payload: Body) =>
        call({ method: 'PATCH', url: `/tenants/${a.id}/users/${userId}`, token, payload });
      expectProblem(
        await call({ method: 'GET', url: `/tenants/${a.id}/audit/verify`, token: helper.token }),
        403,
        'PERMISSION_DENIED',
      );
      expectProblem(await patch(a.member.token, helper.id, { permissions: ['audit.read'] }), 403, 'PERMISSION_DENIED');
      expect(
        (await patch(a.owner.token, helper.id, { permissions: ['audit.read', 'users.manage'] })).body,
      ).toMatchObject({
        permissions: ['audit.read', 'users.manage'],
      });
      expect((await call({ method: 'GET', url: `/tenants/${a.id}/audit/verify`, token: helper.token })).status).toBe(
        200,
      );
      // users.manage lets a member invite members, still not above their rank, and grant only what they hold.
      const invited = await call({
        method: 'POST',
        url: `/tenants/${a.id}/users`,
        token: helper.token,
        payload: { email: 'helped@a.example', role: 'member' },
      });
      expect(invited.status).toBe(201);
      const helped = (invited.body.user as { id: string }).id;
      expectProblem(
        await call({
          method: 'POST',
          url: `/tenants/${a.id}/users`,
          token: helper.token,
          payload: { email: 'boss@a.example', role: 'owner' },
        }),
        403,
        'PERMISSION_DENIED',
      );
      expectProblem(
        await patch(helper.token, helped, { permissions: ['decisions.approve'] }),
        403,
        'PERMISSION_DENIED',
      );
      expect((await patch(helper.token, helped, { permissions: ['audit.read'] })).status).toBe(200);
      expectProblem(await patch(a.owner.token, helper.id, { permissions: ['root'] }), 400, 'INVALID_INPUT');
      // Taking a permission away holds from the next request.
      await patch(a.owner.token, helper.id, { permissions: [] });
      expectProblem(
        await call({ method: 'GET', url: `/tenants/${a.id}/audit/verify`, token: helper.token }),
        403,
        'PERMISSION_DENIED',
      );
    });

    it('answers many concurrent session checks each with its own caller, and refuses the suspended among them', async () => {
      const { a, b } = world;
      const callers = [a.owner, a.member, b.owner, a.suspended, a.sovereign, b.member];
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, index) => {
          const person = callers[index % callers.length] as (typeof callers)[number];
          return call({ method: 'GET', url: '/auth/me', token: person.token }).then((answer) => ({ person, answer }));
        }),
      );
      for (const { person, answer } of answers) {
        if (person === a.suspended) expectProblem(answer, 401, 'UNAUTHORIZED');
        else expect([answer.status, answer.body.id]).toEqual([200, person.id]);
      }
    });

    it('refuses escalation: a stale session after demotion, a suspended user, protected fields, a bootstrap replay', async () => {
      const { a } = world;
      // An owner joins when most of the tenant's four approvers agree.
      const deputy = await client.member(a.sovereign.token, a.id, 'deputy@a.example', 'owner', [
        a.sovereign.token,
        a.owner.token,
        a.owner2.token,
      ]);
      const first = await propose(a.id, a.proposer.token);
      expect((await review(a.id, first.id, 'approve', deputy.token)).status).toBe(200);
      await call({
        method: 'PATCH',
        url: `/tenants/${a.id}/users/${deputy.id}`,
        token: a.sovereign.token,
        payload: { role: 'member' },
      });
      const second = await propose(a.id, a.proposer.token);
      expectProblem(await review(a.id, second.id, 'approve', deputy.token), 403, 'PERMISSION_DENIED');
      expectProblem(
        await call({ method: 'GET', url: `/tenants/${a.id}/audit/export`, token: deputy.token }),
        403,
        'PERMISSION_DENIED',
      );

      for (const url of [`/tenants/${a.id}/decisions`, '/auth/me', `/tenants/${a.id}/audit/verify`]) {
        expectProblem(await call({ method: 'GET', url, token: a.suspended.token }), 401, 'UNAUTHORIZED');
      }

      for (const field of [
        { id: '01a20185-f6b3-72a1-a4b2-5752f554bda2' },
        { status: 'approved' },
        { tenantId: world.b.id },
        { actor: { kind: 'user', id: a.sovereign.id } },
        { version: 9 },
        { proposedBy: a.sovereign.id },
        { review: { verdict: 'approved' } },
        { quorum: 0 },
      ]) {
        const answer = await call({
          method: 'POST',
          url: `/tenants/${a.id}/decisions`,
          token: a.proposer.token,
          payload: proposal(field),
        });
        expectProblem(answer, 400, 'INVALID_INPUT');
      }
      for (const payload of [{ verdict: 'approved' }, { by: a.owner.id }, { status: 'approved' }]) {
        expectProblem(await review(a.id, second.id, 'approve', a.owner.token, payload), 400, 'INVALID_INPUT');
      }
      for (const payload of [
        { totpEnabled: false },
        { email: 'x@a.example' },
        { tenantId: world.b.id },
        { id: a.owner.id },
      ]) {
        expectProblem(
          await call({
            method: 'PATCH',
            url: `/tenants/${a.id}/users/${a.member.id}`,
            token: a.sovereign.token,
            payload,
          }),
          400,
          'INVALID_INPUT',
        );
      }
      expectProblem(
        await call({
          method: 'PATCH',
          url: `/tenants/${a.id}/users/${a.owner.id}`,
          token: a.owner.token,
          payload: { permissions: [] },
        }),
        403,
        'PERMISSION_DENIED',
      );

      // The first ROOT_OWNER comes from the command, once; no route makes one.
      await expect(bootstrapRootOwner(testDb.db, 'again@example.org', 'another long passphrase')).rejects.toMatchObject(
        {
          code: 'ALREADY_EXISTS',
        },
      );
      for (const url of ['/bootstrap', '/auth/bootstrap', '/auth/register', '/users']) {
        expectProblem(
          await call({ method: 'POST', url, payload: { email: 'me@example.org', password: 'a long passphrase here' } }),
          404,
          'NOT_FOUND',
        );
      }
      expectProblem(
        await call({
          method: 'POST',
          url: `/tenants/${a.id}/users`,
          token: world.root.token,
          payload: { email: 'root2@example.org', role: 'ROOT_OWNER' },
        }),
        400,
        'INVALID_INPUT',
      );
    });
  });
}
