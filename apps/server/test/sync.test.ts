import { createHash } from 'node:crypto';
import { DeviceRecord, PullResponse, PushResponse, RegisteredDevice } from '@webnova/core/contracts/sync';
import { DEFAULT_CONSTITUTION } from '@webnova/core/default-constitution';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, TestClient } from './support/client.js';
import { pgliteTestDatabase, postgresTestDatabase, type TestDatabase } from './support/databases.js';
import { openSocket } from './support/sockets.js';
import { noteEvent, pushCall, registerDevice } from './support/sync.js';
import { listeningWorld, OPEN_TIMEOUT_MS, testApp } from './support/test-app.js';
import { buildWorld, type Person, proposal, type World } from './support/world.js';

/** A registered device and what it pushes: its own numbering, from 1. */
interface Device extends RegisteredDevice {
  seq: number;
}

describe('sync on the server (PostgreSQL)', () => {
  let testDb: TestDatabase & { url: string };
  let app: FastifyInstance;
  let world: World;
  let owner: pg.Client;
  const client = new TestClient(() => app);

  beforeAll(async () => {
    testDb = await postgresTestDatabase();
    app = testApp(testDb.db);
    world = await buildWorld(client, testDb.db);
    owner = new pg.Client({ connectionString: testDb.url });
    await owner.connect();
  }, OPEN_TIMEOUT_MS);

  afterAll(async () => {
    await owner?.end();
    await app?.close();
    await testDb?.dispose();
  });

  const register = (person: Person, name?: string): Promise<Device> => registerDevice(client, person, name);

  /** An event of `device`'s user with the next seq; `extra` overrides. */
  function event(device: Device, extra: Record<string, unknown> = {}): Record<string, unknown> {
    device.seq += 1;
    return {
      seq: device.seq,
      id: uuidv7(),
      streamId: 'note-1',
      type: 'note.written',
      data: { text: `note ${device.seq}` },
      actor: { kind: 'user', id: device.userId },
      occurredAt: new Date().toISOString(),
      ...extra,
    };
  }

  function push(device: Device, events: unknown[], deviceId = device.deviceId) {
    return client.call({
      method: 'POST',
      url: '/sync/push',
      headers: { authorization: `Bearer ${device.credential}` },
      payload: { deviceId, events },
    });
  }

  async function pushed(device: Device, events: unknown[]): Promise<PushResponse> {
    const answer = await push(device, events);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return PushResponse.parse(answer.body);
  }

  async function pull(device: Device, after = 0, limit?: number): Promise<PullResponse> {
    const query = limit === undefined ? `after=${after}` : `after=${after}&limit=${limit}`;
    const answer = await client.call({
      method: 'GET',
      url: `/sync/pull?${query}`,
      headers: { authorization: `Bearer ${device.credential}` },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return PullResponse.parse(answer.body);
  }

  const decisionOf = async (tenantId: string, id: string, token: string) =>
    (await client.call({ method: 'GET', url: `/tenants/${tenantId}/decisions/${id}`, token })).body;

  describe('devices', () => {
    it('registers a device once and keeps only its credential’s SHA-256', async () => {
      const device = await register(world.a.member);
      expect(device).toMatchObject({ userId: world.a.member.id, tenantId: world.a.id, role: 'member' });
      expect(device.credential).toMatch(new RegExp(`^wnd_${device.deviceId}_`));
      const { rows } = await owner.query('select * from devices where id = $1', [device.deviceId]);
      expect(rows[0].credential_hash).toBe(createHash('sha256').update(device.credential).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(device.credential.slice(-43));
    });

    it('refuses ROOT_OWNER, who belongs to no tenant', async () => {
      const answer = await client.call({
        method: 'POST',
        url: '/devices',
        token: world.root.token,
        payload: { name: 'root laptop' },
      });
      expectProblem(answer, 403, 'PERMISSION_DENIED');
    });

    it("lists a member's own devices, and every device of the tenant to an owner", async () => {
      const mine = await register(world.a.approver, 'approver phone');
      const theirs = await register(world.a.owner2, 'owner2 phone');
      const list = async (person: Person) => {
        const answer = await client.call({ method: 'GET', url: '/devices', token: person.token });
        expect(answer.status).toBe(200);
        return (answer.body.devices as unknown[]).map((record) => DeviceRecord.parse(record));
      };
      const approverSees = await list(world.a.approver);
      expect(approverSees.map((record) => record.userId)).toEqual(approverSees.map(() => world.a.approver.id));
      expect(approverSees.map((record) => record.deviceId)).toContain(mine.deviceId);
      const ownerSees = (await list(world.a.owner)).map((record) => record.deviceId);
      expect(ownerSees).toEqual(expect.arrayContaining([mine.deviceId, theirs.deviceId]));
      const otherTenant = (await list(world.b.owner)).map((record) => record.deviceId);
      expect(otherTenant).not.toContain(mine.deviceId);

      // A device asks with its own credential (it holds no login session) and sees what its user sees.
      const byDevice = async (device: { credential: string }) => {
        const answer = await client.call({
          method: 'GET',
          url: '/sync/devices',
          headers: { authorization: `Bearer ${device.credential}` },
        });
        expect(answer.status).toBe(200);
        return (answer.body.devices as unknown[]).map((record) => DeviceRecord.parse(record));
      };
      expect(await byDevice(mine)).toEqual(approverSees);
      const ownerDevice = await register(world.a.owner, 'owner desk');
      const ownerDeviceSees = await byDevice(ownerDevice);
      expect(ownerDeviceSees).toEqual(await list(world.a.owner));
      expect(ownerDeviceSees.find((record) => record.deviceId === theirs.deviceId)?.userEmail).toBe(
        world.a.owner2.email,
      );
    });

    it('revokes: the device then hears 401 DEVICE_REVOKED, an unknown credential 401 UNAUTHENTICATED', async () => {
      const device = await register(world.a.member);
      await pushed(device, [event(device)]);
      const byOther = await client.call({
        method: 'DELETE',
        url: `/devices/${device.deviceId}`,
        token: world.a.approver.token,
      });
      expectProblem(byOther, 403, 'PERMISSION_DENIED');
      const byOtherTenant = await client.call({
        method: 'DELETE',
        url: `/devices/${device.deviceId}`,
        token: world.b.owner.token,
      });
      expectProblem(byOtherTenant, 404, 'NOT_FOUND');
      const revoked = await client.call({
        method: 'DELETE',
        url: `/devices/${device.deviceId}`,
        token: world.a.owner.token,
      });
      expect(revoked.status).toBe(200);
      expect(DeviceRecord.parse(revoked.body)).toMatchObject({ deviceId: device.deviceId, lastSeq: 1 });
      expect(revoked.body.revokedAt).not.toBeNull();
      const { rows: audited } = await owner.query(
        'select action, actor from audit_entries where subject = $1 order by seq',
        [`device:${device.deviceId}`],
      );
      expect(audited).toEqual([
        { action: 'device.registered', actor: { kind: 'user', id: world.a.member.id } },
        { action: 'device.revoked', actor: { kind: 'user', id: world.a.owner.id } },
      ]);

      expectProblem(await push(device, [event(device)]), 401, 'DEVICE_REVOKED');
      const pulled = await client.call({
        method: 'GET',
        url: '/sync/pull?after=0',
        headers: { authorization: `Bearer ${device.credential}` },
      });
      expectProblem(pulled, 401, 'DEVICE_REVOKED');
      const listed = await client.call({
        method: 'GET',
        url: '/sync/devices',
        headers: { authorization: `Bearer ${device.credential}` },
      });
      expectProblem(listed, 401, 'DEVICE_REVOKED');
      const unknown = { ...device, credential: `wnd_${device.deviceId}_${'A'.repeat(43)}` };
      expectProblem(await push(unknown, [event(unknown)]), 401, 'UNAUTHENTICATED');
      expectProblem(await push({ ...device, credential: 'nonsense' }, [event(device)]), 401, 'UNAUTHENTICATED');
    });
  });

  describe('push and pull', () => {
    it('takes events at gapless positions and pulls them back in order, with the server’s receivedAt', async () => {
      const device = await register(world.a.owner);
      const events = [event(device), event(device), event(device)];
      const answer = await pushed(device, events);
      expect(answer.lastSeq).toBe(3);
      const positions = answer.outcomes.map((outcome) => (outcome.status === 'accepted' ? outcome.position : -1));
      expect(positions.every((position) => position > 0)).toBe(true);
      expect(positions).toEqual([positions[0], (positions[0] ?? 0) + 1, (positions[0] ?? 0) + 2]);

      const before = (positions[0] ?? 1) - 1;
      const all = await pull(device, before);
      expect(all.events.slice(0, 3).map((pulled) => [pulled.id, pulled.seq, pulled.deviceId])).toEqual(
        events.map((sent) => [sent.id, sent.seq, device.deviceId]),
      );
      expect(all.events.map((pulled) => pulled.position)).toEqual(all.events.map((_, index) => before + index + 1));
      for (const pulled of all.events) expect(Date.parse(pulled.receivedAt)).toBeGreaterThan(0);
      expect(all.cursor).toBe(all.events.at(-1)?.position);
      expect(all.more).toBe(false);

      const page = await pull(device, before, 2);
      expect(page).toMatchObject({ cursor: before + 2, more: true });
      expect(await pull(device, all.cursor)).toEqual({ events: [], cursor: all.cursor, more: false });
    });

    it('stops a pull at its byte budget for data, and says more wait', async () => {
      const device = await register(world.b.sovereign);
      const { cursor } = await pull(device, 0);
      const big = () => event(device, { data: { text: 'x'.repeat(3 * 1024 * 1024) } });
      for (let index = 0; index < 4; index++) await pushed(device, [big()]);
      const first = await pull(device, cursor);
      // 3 MiB each against 8 MiB: the fourth would start past the budget.
      expect(first.events.map((pulled) => pulled.seq)).toEqual([1, 2, 3]);
      expect(first.more).toBe(true);
      const rest = await pull(device, first.cursor);
      expect(rest.events.map((pulled) => pulled.seq)).toEqual([4]);
      expect(rest.more).toBe(false);
    });

    it('answers 409 SEQ_GAP with lastSeq for a batch that skips a seq, and takes none of it', async () => {
      const device = await register(world.a.owner);
      await pushed(device, [event(device)]);
      device.seq = 4;
      const gap = await push(device, [event(device)]);
      expectProblem(gap, 409, 'SEQ_GAP');
      expect(gap.body.details).toEqual({ lastSeq: 1 });
      device.seq = 1;
      const holes = [event(device), { ...event(device), seq: 9 }];
      expect((await push(device, holes)).body.details).toEqual({ lastSeq: 1 });
    });

    it('answers a repeated seq with the same content as a duplicate, and takes it once', async () => {
      const device = await register(world.a.owner);
      const events = [event(device), event(device)];
      const first = await pushed(device, events);
      const { cursor } = await pull(device, 0);
      const again = await pushed(device, [...events, event(device)]);
      expect(again.outcomes.slice(0, 2)).toEqual(
        first.outcomes.map((outcome) => ({ ...outcome, status: 'duplicate' })),
      );
      expect(again.outcomes[2]?.status).toBe('accepted');
      expect((await pull(device, cursor)).events).toHaveLength(1);
      // The same event under a new seq is a duplicate too: an event id is in the log once.
      const renumbered = await pushed(device, [{ ...events[0], seq: device.seq + 1 }]);
      expect(renumbered.outcomes).toEqual([{ ...first.outcomes[0], seq: device.seq + 1, status: 'duplicate' }]);
    });

    it('refuses 422 SEQ_REUSED a seq it holds with other content, and takes none of the push', async () => {
      const device = await register(world.a.owner);
      const [sent] = [event(device)];
      await pushed(device, [sent]);
      const { cursor } = await pull(device, 0);
      const reused = await push(device, [{ ...sent, data: { text: 'something else' } }, event(device)]);
      expectProblem(reused, 422, 'SEQ_REUSED');
      expect((await pull(device, cursor)).events).toEqual([]);
    });

    it('refuses a deviceId that is not the credential’s device, and events naming another tenant', async () => {
      const device = await register(world.a.owner);
      const other = await register(world.a.owner);
      expectProblem(await push(device, [event(device)], other.deviceId), 403, 'PERMISSION_DENIED');
      device.seq = 0;
      const answer = await pushed(device, [
        event(device, { tenantId: world.b.id }),
        event(device, { data: { tenantId: world.b.id } }),
        event(device, { actor: { kind: 'user', id: world.a.sovereign.id } }),
        event(device, { type: 'Not An Event Type' }),
      ]);
      expect(answer.outcomes.map((outcome) => outcome.status === 'refused' && outcome.code)).toEqual([
        'FORBIDDEN',
        'FORBIDDEN',
        'FORBIDDEN',
        'INVALID',
      ]);
      expect(answer.lastSeq).toBe(4);
    });

    it("never shows one tenant another's events (row-level security)", async () => {
      const a = await register(world.a.owner);
      const b = await register(world.b.owner);
      const secret = event(a, { data: { text: 'tenant A only' } });
      await pushed(a, [secret]);
      await pushed(b, [event(b)]);
      const seenByB = await pull(b, 0);
      expect(seenByB.events.length).toBeGreaterThan(0);
      expect(JSON.stringify(seenByB)).not.toContain('tenant A only');
      expect(seenByB.events.every((pulled) => pulled.id !== secret.id)).toBe(true);
      // In B's scope, without a where, the tables hold only B's rows.
      for (const table of ['sync_events', 'sync_receipts', 'devices']) {
        const rows = await testDb.db.transaction({ tenantId: world.b.id }, (tx) =>
          tx.query<{ tenant_id: string }>(`select tenant_id from ${table}`),
        );
        expect(rows.length, table).toBeGreaterThan(0);
        expect(
          rows.filter((row) => row.tenant_id !== world.b.id),
          table,
        ).toEqual([]);
      }
      await expect(
        testDb.db.transaction({ tenantId: world.b.id }, (tx) =>
          tx.query('update sync_events set tenant_id = $1', [world.a.id]),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('takes a full batch of 500 events in one push', async () => {
      const device = await register(world.b.member);
      const events = Array.from({ length: 500 }, () => event(device));
      const answer = await pushed(device, events);
      expect(answer.lastSeq).toBe(500);
      expect(answer.outcomes.filter((outcome) => outcome.status === 'accepted')).toHaveLength(500);
    });

    it('refuses bodies past its limits before parsing them', async () => {
      const device = await register(world.a.owner);
      const headers = { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' };
      // 501 events and then not JSON at all: the count is what is refused, so it was read first.
      const items = Array.from({ length: 501 }, () => '{"seq":1}').join(',');
      const tooMany = await client.call({
        method: 'POST',
        url: '/sync/push',
        headers,
        payload: `{"deviceId":"${device.deviceId}","events":[${items},  this is not json`,
      });
      expectProblem(tooMany, 400, 'INVALID_INPUT');
      expect(tooMany.body.details).toEqual({ limit: 500 });
      // Over 4 MiB: refused on its length, before it is read.
      const big = `{"deviceId":"${device.deviceId}","events":[{"seq":1,"data":{"x":"${'x'.repeat(4 * 1024 * 1024)}"}}]}`;
      expectProblem(
        await client.call({ method: 'POST', url: '/sync/push', headers, payload: big }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      // Within the limits but broken: 400, and the device's numbering is untouched.
      const broken = await client.call({ method: 'POST', url: '/sync/push', headers, payload: '{"deviceId": [' });
      expectProblem(broken, 400, 'INVALID_INPUT');
      expect((await pushed(device, [event(device)])).lastSeq).toBe(1);
    });

    it('refuses CONFLICT an event built on a stream version that has moved on', async () => {
      const one = await register(world.a.owner);
      const two = await register(world.a.owner2);
      const streamId = `blueprint-${uuidv7()}`;
      const patch = (device: Device, expectedVersion: number) =>
        event(device, { streamId, type: 'blueprint.patched', expectedVersion, data: { op: device.deviceId } });
      const first = await pushed(one, [patch(one, 0), patch(one, 1)]);
      expect(first.outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted']);
      const late = await pushed(two, [patch(two, 1)]);
      expect(late.outcomes).toEqual([
        { seq: 1, status: 'refused', code: 'CONFLICT', message: expect.any(String), currentVersion: 2 },
      ]);
      const pulled = (await pull(one, 0)).events.filter((pulled) => pulled.streamId === streamId);
      expect(pulled.map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('takes constitution changes only from owners, and only a valid constitution', async () => {
      const member = await register(world.a.member);
      const owner = await register(world.b.sovereign);
      const change = (device: Device, constitution: unknown) =>
        event(device, { streamId: 'constitution', type: 'constitution.changed', data: { constitution } });
      const valid = (device: Device) => ({
        ...DEFAULT_CONSTITUTION,
        version: 2,
        updatedAt: new Date().toISOString(),
        updatedBy: { kind: 'user', id: device.userId },
      });
      const answer = await pushed(owner, [change(owner, valid(owner)), change(owner, {})]);
      expect(answer.outcomes.map((outcome) => (outcome.status === 'refused' ? outcome.code : outcome.status))).toEqual([
        'accepted',
        'INVALID',
      ]);
      expect((await pushed(member, [change(member, valid(member))])).outcomes[0]).toMatchObject({
        status: 'refused',
        code: 'FORBIDDEN',
      });
    });
  });

  describe('decisions pushed and over HTTP: one log, one authority', () => {
    const decisionEvent = (device: Device, decisionId: string, type: string, extra: Record<string, unknown> = {}) =>
      event(device, { streamId: `decision-${decisionId}`, type, data: { comment: '' }, ...extra });
    const propose = (device: Device, decisionId: string, data: Record<string, unknown>, actor?: unknown) =>
      decisionEvent(device, decisionId, 'decision.proposed', { data, ...(actor ? { actor } : {}) });

    it('counts a person’s approval of their own proposal and of their desktop AI’s, never the AI’s own', async () => {
      const device = await register(world.a.owner);
      const own = uuidv7();
      const byAi = uuidv7();
      const aiApproves = uuidv7();
      const ai = { kind: 'ai', id: 'assistant' } as const;
      const answer = await pushed(device, [
        propose(device, own, proposal({ quorum: 1 })),
        decisionEvent(device, own, 'decision.approved'),
        // The owner at the desktop reviews what the AI proposed there: the desktop takes approvals from
        // the person at its window only, so this one is a person's, as it is on the desktop.
        propose(device, byAi, proposal({ quorum: 1 }), ai),
        decisionEvent(device, byAi, 'decision.approved'),
        propose(device, aiApproves, proposal({ quorum: 1 }), ai),
        decisionEvent(device, aiApproves, 'decision.approved', { actor: ai }),
      ]);
      expect(answer.outcomes.map((outcome) => (outcome.status === 'refused' ? outcome.code : outcome.status))).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'accepted',
        'FORBIDDEN',
      ]);
      expect(await decisionOf(world.a.id, own, world.a.owner.token)).toMatchObject({ status: 'approved' });
      expect(await decisionOf(world.a.id, byAi, world.a.owner.token)).toMatchObject({ status: 'approved' });
      expect(await decisionOf(world.a.id, aiApproves, world.a.owner.token)).toMatchObject({ status: 'pending' });
    });

    it("takes a constitution's approval only as the tenant's constitution judges it now", async () => {
      const owner = await register(world.b.owner);
      const member = await register(world.b.member);
      const ai = { kind: 'ai', id: 'assistant' };
      const system = { kind: 'system', id: 'webnova' };
      const write = (path: string) => ({
        kind: 'file.write',
        rationale: 'tidy up',
        payload: { path, content: 'text' },
        risk: 'low',
      });
      const allowedBy = (device: Device, id: string) =>
        decisionEvent(device, id, 'decision.approved', { actor: system, data: { comment: 'Allowed.' } });
      const codes = (outcomes: PushResponse['outcomes']) =>
        outcomes.map((outcome) => (outcome.status === 'refused' ? outcome.code : outcome.status));
      const docs = uuidv7();
      const source = uuidv7();
      const notMine = uuidv7();
      const answer = await pushed(owner, [
        propose(owner, docs, write('docs/guide.md'), ai),
        allowedBy(owner, docs),
        propose(owner, source, write('src/app.ts'), ai),
        allowedBy(owner, source),
        propose(owner, notMine, write('docs/other.md'), ai),
      ]);
      // The default constitution lets low-risk documentation through, and makes source writes wait.
      expect(codes(answer.outcomes)).toEqual(['accepted', 'accepted', 'accepted', 'FORBIDDEN', 'accepted']);
      expect(await decisionOf(world.b.id, docs, world.b.owner.token)).toMatchObject({ status: 'approved' });
      expect(await decisionOf(world.b.id, source, world.b.owner.token)).toMatchObject({ status: 'pending' });
      // Only the proposing user's device records its constitution's approval.
      expect(codes((await pushed(member, [allowedBy(member, notMine)])).outcomes)).toEqual(['FORBIDDEN']);
      // An owner's newer constitution without the documentation rule: the same write now waits.
      const stricter = {
        ...DEFAULT_CONSTITUTION,
        version: 3,
        updatedAt: new Date().toISOString(),
        updatedBy: { kind: 'user', id: owner.userId },
        rules: DEFAULT_CONSTITUTION.rules.filter((rule) => rule.id !== 'allow-low-risk-docs'),
      };
      const later = uuidv7();
      const after = await pushed(owner, [
        event(owner, { streamId: 'constitution', type: 'constitution.changed', data: { constitution: stricter } }),
        propose(owner, later, write('docs/guide.md'), ai),
        allowedBy(owner, later),
      ]);
      expect(codes(after.outcomes)).toEqual(['accepted', 'accepted', 'FORBIDDEN']);
    });

    it("judges a pushed proposal by the tenant's constitution, and counts its expiry from when it arrived", async () => {
      const owner = await register(world.b.owner);
      const codes = (outcomes: PushResponse['outcomes']) =>
        outcomes.map((outcome) => (outcome.status === 'refused' ? outcome.code : outcome.status));
      const tenants = {
        ...DEFAULT_CONSTITUTION,
        version: 4,
        updatedAt: new Date().toISOString(),
        updatedBy: { kind: 'user', id: owner.userId },
        rules: [
          {
            id: 'infra-needs-two',
            kind: 'file.write',
            paths: ['infra/**'],
            effect: 'require-approval',
            approval: { quorum: 2, expiresAfter: 'PT2H' },
          },
          { id: 'no-vendor', kind: 'file.write', paths: ['vendor/**'], effect: 'forbid' },
          ...DEFAULT_CONSTITUTION.rules,
        ],
      };
      const write = (path: string, extra: Record<string, unknown> = {}) => ({
        kind: 'file.write',
        rationale: 'change it',
        payload: { path, content: 'text' },
        risk: 'low',
        quorum: 1,
        ...extra,
      });
      const infra = uuidv7();
      const vendor = uuidv7();
      const skewed = uuidv7();
      // A device whose clock is three days behind, offline since: its own 1-hour expiry counts from arrival.
      const threeDaysAgo = Date.now() - 3 * 24 * 3600_000;
      const answer = await pushed(owner, [
        event(owner, { streamId: 'constitution', type: 'constitution.changed', data: { constitution: tenants } }),
        // The device says low risk and one approval: the tenant's rules say two, and expiry in 2 hours.
        propose(owner, infra, write('infra/main.tf')),
        propose(owner, vendor, write('vendor/lib.js')),
        {
          ...propose(
            owner,
            skewed,
            write('src/app.ts', { expiresAt: new Date(threeDaysAgo + 3600_000).toISOString() }),
          ),
          occurredAt: new Date(threeDaysAgo).toISOString(),
        },
      ]);
      expect(codes(answer.outcomes)).toEqual(['accepted', 'accepted', 'FORBIDDEN', 'accepted']);
      const judged = await decisionOf(world.b.id, infra, world.b.owner.token);
      expect(judged).toMatchObject({ status: 'pending', quorum: 2 });
      const inTwoHours = Date.parse(String(judged.expiresAt)) - Date.now();
      expect(inTwoHours).toBeGreaterThan(3600_000);
      expect(inTwoHours).toBeLessThanOrEqual(2 * 3600_000);
      const arrived = await decisionOf(world.b.id, skewed, world.b.owner.token);
      expect(arrived.status).toBe('pending');
      expect(Date.parse(String(arrived.expiresAt))).toBeGreaterThan(Date.now());
      expect((answer.outcomes[2] as { message: string }).message).toMatch(/no-vendor/);
    });

    it('counts only the roles a rule names: “2 of role owner”', async () => {
      const owner = await register(world.a.owner);
      const owner2 = await register(world.a.owner2);
      const approver = await register(world.a.approver);
      const tenants = {
        ...DEFAULT_CONSTITUTION,
        version: 9,
        updatedAt: new Date().toISOString(),
        updatedBy: { kind: 'user', id: owner.userId },
        rules: [
          {
            id: 'two-owners-for-ci',
            kind: 'file.write',
            paths: ['.ci/**'],
            effect: 'require-approval',
            approval: { quorum: 2, roles: ['owner'] },
          },
          ...DEFAULT_CONSTITUTION.rules,
        ],
      };
      const id = uuidv7();
      const codes = (outcomes: PushResponse['outcomes']) =>
        outcomes.map((outcome) => (outcome.status === 'refused' ? outcome.code : outcome.status));
      expect(
        codes(
          (
            await pushed(owner, [
              event(owner, { streamId: 'constitution', type: 'constitution.changed', data: { constitution: tenants } }),
              propose(owner, id, {
                kind: 'file.write',
                rationale: 'CI',
                payload: { path: '.ci/run', content: 'x' },
                risk: 'low',
              }),
            ])
          ).outcomes,
        ),
      ).toEqual(['accepted', 'accepted']);
      // A member who may approve decisions is not an owner: this rule does not count them.
      expect(codes((await pushed(approver, [decisionEvent(approver, id, 'decision.endorsed')])).outcomes)).toEqual([
        'FORBIDDEN',
      ]);
      expect(codes((await pushed(owner, [decisionEvent(owner, id, 'decision.endorsed')])).outcomes)).toEqual([
        'accepted',
      ]);
      expect(codes((await pushed(owner2, [decisionEvent(owner2, id, 'decision.endorsed')])).outcomes)).toEqual([
        'accepted',
      ]);
      expect(await decisionOf(world.a.id, id, world.a.owner.token)).toMatchObject({ status: 'approved', quorum: 2 });
    });

    it('checks the approver’s role now, and counts each approver once', async () => {
      const proposer = await register(world.a.member);
      const approver = await register(world.a.approver);
      const owner = await register(world.a.owner);
      const id = uuidv7();
      await pushed(proposer, [propose(proposer, id, proposal({ quorum: 2 }))]);
      // A member without decisions.approve.
      expect((await pushed(proposer, [decisionEvent(proposer, id, 'decision.endorsed')])).outcomes[0]).toMatchObject({
        status: 'refused',
        code: 'FORBIDDEN',
      });
      // One approval of two: an endorsement; claiming it approves is a CONFLICT the device must pull for.
      const claimed = await pushed(owner, [decisionEvent(owner, id, 'decision.approved')]);
      expect(claimed.outcomes[0]).toMatchObject({ status: 'refused', code: 'CONFLICT' });
      expect((await pushed(owner, [decisionEvent(owner, id, 'decision.endorsed')])).outcomes[0]).toMatchObject({
        status: 'accepted',
      });
      const twice = await pushed(owner, [decisionEvent(owner, id, 'decision.endorsed')]);
      expect(twice.outcomes[0]).toMatchObject({ status: 'refused', code: 'STALE' });
      // The approver loses decisions.approve before their (offline) approval reaches the server.
      const demoted = await client.call({
        method: 'PATCH',
        url: `/tenants/${world.a.id}/users/${world.a.approver.id}`,
        token: world.a.sovereign.token,
        payload: { permissions: [] },
      });
      expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
      try {
        const late = await pushed(approver, [decisionEvent(approver, id, 'decision.endorsed')]);
        expect(late.outcomes[0]).toMatchObject({ status: 'refused', code: 'FORBIDDEN' });
      } finally {
        const regrant = await client.call({
          method: 'PATCH',
          url: `/tenants/${world.a.id}/users/${world.a.approver.id}`,
          token: world.a.sovereign.token,
          payload: { permissions: ['decisions.approve'] },
        });
        await client.approveAll(world.a.id, regrant, [world.a.sovereign.token, world.a.owner.token]);
      }
      // The second approver completes the quorum with an endorsement: the server records the approval.
      const { cursor } = await pull(owner, 0);
      const second = await register(world.a.owner2);
      expect((await pushed(second, [decisionEvent(second, id, 'decision.endorsed')])).outcomes[0]).toMatchObject({
        status: 'accepted',
      });
      const after = (await pull(owner, cursor)).events.filter((pulled) => pulled.streamId === `decision-${id}`);
      expect(after.map((pulled) => [pulled.type, pulled.seq === null])).toEqual([
        ['decision.endorsed', false],
        ['decision.approved', true],
      ]);
      expect(await decisionOf(world.a.id, id, world.a.owner.token)).toMatchObject({ status: 'approved' });
    });

    it('expires by the server’s clock: an approval of a decision past its time is STALE', async () => {
      const device = await register(world.a.owner);
      const id = uuidv7();
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      await pushed(device, [propose(device, id, proposal({ quorum: 1, expiresAt }))]);
      // The server's clock says it is due now (whatever the device's says).
      await owner.query("update decisions set expires_at = now() - interval '1 second' where id = $1", [id]);
      const late = await pushed(device, [decisionEvent(device, id, 'decision.approved')]);
      expect(late.outcomes[0]).toMatchObject({ status: 'refused', code: 'STALE' });
      const stream = (await pull(device, 0)).events.filter((pulled) => pulled.streamId === `decision-${id}`);
      expect(stream.map((pulled) => [pulled.type, pulled.actor.kind])).toEqual([
        ['decision.proposed', 'user'],
        ['decision.expired', 'system'],
      ]);
    });

    it('takes pushes, HTTP reviews and expiries of one tenant at once: no deadlock, no gap in positions', async () => {
      const devices = await Promise.all([world.a.owner, world.a.owner2, world.a.sovereign].map((p) => register(p)));
      const ids = Array.from({ length: 4 }, () => uuidv7());
      const [first] = devices as [Device];
      await pushed(
        first,
        ids.map((id) => propose(first, id, proposal({ quorum: 3 }))),
      );
      const answers = await Promise.all([
        // Each device's own events in one push: its seqs must arrive in order.
        ...devices.map((device) =>
          push(
            device,
            ids.slice(0, 2).map((id) => decisionEvent(device, id, 'decision.endorsed')),
          ),
        ),
        ...ids.slice(2).flatMap((id) =>
          [world.a.owner, world.a.owner2, world.a.sovereign].map((person) =>
            client.call({
              method: 'POST',
              url: `/tenants/${world.a.id}/decisions/${id}/approve`,
              token: person.token,
              payload: {},
            }),
          ),
        ),
        ...Array.from({ length: 3 }, () =>
          client.call({ method: 'GET', url: `/tenants/${world.a.id}/decisions`, token: world.a.owner.token }),
        ),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      for (const id of ids)
        expect(await decisionOf(world.a.id, id, world.a.owner.token)).toMatchObject({ status: 'approved' });
      const positions: number[] = [];
      for (let cursor = 0, more = true; more; ) {
        const page = await pull(first, cursor);
        positions.push(...page.events.map((pulled) => pulled.position));
        ({ cursor, more } = page);
      }
      expect(positions).toEqual(positions.map((_, index) => index + 1));
    });

    it("refuses a proposal under another tenant's decision id, and tells nothing more", async () => {
      const theirs = await client.call({
        method: 'POST',
        url: `/tenants/${world.b.id}/decisions`,
        token: world.b.owner.token,
        payload: proposal(),
      });
      expect(theirs.status).toBe(201);
      const device = await register(world.a.owner);
      const answer = await pushed(device, [propose(device, theirs.body.id as string, proposal()), event(device)]);
      expect(answer.outcomes.map((outcome) => (outcome.status === 'refused' ? outcome.code : outcome.status))).toEqual([
        'CONFLICT',
        'accepted',
      ]);
      expect(answer.outcomes[0]).toMatchObject({ message: expect.not.stringContaining(world.b.id) });
    });

    it('appends what the HTTP decision routes do to the same log', async () => {
      const device = await register(world.a.owner);
      const { cursor } = await pull(device, 0);
      const proposed = await client.call({
        method: 'POST',
        url: `/tenants/${world.a.id}/decisions`,
        token: world.a.proposer.token,
        payload: proposal(),
      });
      expect(proposed.status).toBe(201);
      const id = proposed.body.id as string;
      const approved = await client.call({
        method: 'POST',
        url: `/tenants/${world.a.id}/decisions/${id}/approve`,
        token: world.a.owner.token,
        payload: {},
      });
      expect(approved.status).toBe(200);
      const events = (await pull(device, cursor)).events;
      expect(events.map((pulled) => [pulled.streamId, pulled.type, pulled.seq, pulled.streamVersion])).toEqual([
        [`decision-${id}`, 'decision.proposed', null, 1],
        [`decision-${id}`, 'decision.approved', null, 2],
      ]);
      // A device's step on an HTTP-made decision goes through the same checks: it is decided already.
      const late = await pushed(device, [decisionEvent(device, id, 'decision.rejected')]);
      expect(late.outcomes[0]).toMatchObject({ status: 'refused', code: 'STALE' });
    });
  });

  describe('one push of many events: each judged on its own, in seq order', () => {
    const codes = (outcomes: PushResponse['outcomes']) =>
      outcomes.map((outcome) => (outcome.status === 'refused' ? outcome.code : outcome.status));
    /** `sent` again under the device's next seq, with `extra` changed. */
    const again = (device: Device, sent: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      device.seq += 1;
      return { ...sent, ...extra, seq: device.seq };
    };
    /** What the server kept of each seq of the device, as the push answered it. */
    async function receiptsOf(device: Device) {
      const { rows } = await owner.query<{ seq: number; status: string; position: number | null; code: string }>(
        'select seq, status, position::int, code from sync_receipts where device_id = $1 order by seq',
        [device.deviceId],
      );
      return rows.map((row) => ({
        seq: row.seq,
        status: row.status,
        ...(row.status === 'refused' ? { code: row.code } : { position: row.position }),
      }));
    }
    const answered = (outcomes: PushResponse['outcomes']) =>
      outcomes.map((outcome) =>
        outcome.status === 'refused'
          ? { seq: outcome.seq, status: outcome.status, code: outcome.code }
          : { seq: outcome.seq, status: outcome.status, position: outcome.position },
      );

    it('appends plain events at gapless positions in seq order around refusals and duplicates by id', async () => {
      const device = await register(world.b.owner);
      const earlier = event(device, { streamId: 'project-notes' });
      const [before] = (await pushed(device, [earlier])).outcomes;
      const first = event(device);
      const refused = event(device, { actor: { kind: 'user', id: world.b.member.id } });
      // Each event beside what the server must answer for it.
      const sent: [Record<string, unknown>, string][] = [
        [first, 'accepted'],
        [refused, 'FORBIDDEN'],
        [event(device, { streamId: 'project-notes' }), 'accepted'],
        [again(device, first), 'duplicate'],
        [again(device, first, { data: { text: 'other content under the same id' } }), 'INVALID'],
        [again(device, earlier), 'duplicate'],
        [event(device, { type: 'decision.proposed' }), 'INVALID'],
        [event(device, { id: '-'.repeat(36) }), 'INVALID'],
        // A refused event left nothing: its id is free for the next event that has it.
        [again(device, refused, { actor: { kind: 'user', id: device.userId } }), 'accepted'],
        [event(device), 'accepted'],
      ];
      const batch = sent.map(([pushedEvent]) => pushedEvent);
      const answer = await pushed(device, batch);
      expect(codes(answer.outcomes)).toEqual(sent.map(([, code]) => code));
      const positionOf = (index: number) => {
        const outcome = answer.outcomes[index];
        return outcome?.status === 'refused' ? undefined : outcome?.position;
      };
      const start = positionOf(0) ?? 0;
      expect(start).toBeGreaterThan(before?.status === 'accepted' ? before.position : Infinity);
      expect([0, 2, 8, 9].map(positionOf)).toEqual([start, start + 1, start + 2, start + 3]);
      // A duplicate answers where the log holds the event: pushed earlier in this batch, or before it.
      expect(positionOf(3)).toBe(start);
      expect(positionOf(5)).toBe(before?.status === 'accepted' ? before.position : -1);
      expect(answer.lastSeq).toBe(device.seq);

      const pulled = (await pull(device, start - 1)).events;
      expect(pulled.map((e) => [e.position, e.id, e.seq])).toEqual(
        [0, 2, 8, 9].map((index, n) => [start + n, batch[index]?.id, batch[index]?.seq]),
      );
      expect(pulled[0]?.data).toEqual(first.data);
      expect(pulled[2]?.actor).toEqual({ kind: 'user', id: device.userId });
      expect(await receiptsOf(device)).toEqual(answered([before, ...answer.outcomes] as PushResponse['outcomes']));
    });

    it('takes a proposal and its approval in one batch, between plain events; a refused step leaves nothing', async () => {
      const device = await register(world.b.owner);
      const id = uuidv7();
      const short = uuidv7();
      const step = (decisionId: string, type: string, data: Record<string, unknown> = { comment: '' }) =>
        event(device, { streamId: `decision-${decisionId}`, type, data });
      const sent: [Record<string, unknown>, string][] = [
        [event(device), 'accepted'],
        [step(id, 'decision.proposed', proposal({ quorum: 1 })), 'accepted'],
        [event(device), 'accepted'],
        [step(uuidv7(), 'decision.endorsed'), 'STALE'],
        [step(short, 'decision.proposed', proposal({ quorum: 2 })), 'accepted'],
        // One approval of two, pushed as the approval: the review it wrote is rolled back with it.
        [step(short, 'decision.approved'), 'CONFLICT'],
        [step(id, 'decision.endorsed'), 'accepted'],
        [event(device), 'accepted'],
      ];
      const answer = await pushed(
        device,
        sent.map(([pushedEvent]) => pushedEvent),
      );
      expect(codes(answer.outcomes)).toEqual(sent.map(([, code]) => code));
      const start = answer.outcomes[0]?.status === 'accepted' ? answer.outcomes[0].position : 0;
      const pulled = (await pull(device, start - 1)).events;
      // The endorsement completes the quorum: the server's approval follows it, before the next event.
      expect(pulled.map((e) => [e.type, e.seq])).toEqual([
        ['note.written', 1],
        ['decision.proposed', 2],
        ['note.written', 3],
        ['decision.proposed', 5],
        ['decision.endorsed', 7],
        ['decision.approved', null],
        ['note.written', 8],
      ]);
      expect(pulled.map((e) => e.position)).toEqual(pulled.map((_, index) => start + index));
      expect(await decisionOf(world.b.id, id, world.b.owner.token)).toMatchObject({ status: 'approved' });
      expect(await decisionOf(world.b.id, short, world.b.owner.token)).toMatchObject({ status: 'pending' });
      const { rows } = await owner.query('select 1 from decision_reviews where decision_id = $1', [short]);
      expect(rows).toEqual([]);
      expect(await receiptsOf(device)).toEqual(answered(answer.outcomes));
    });

    it('checks expectedVersion against the events before it in the same batch', async () => {
      const device = await register(world.b.owner);
      const streamId = `blueprint-${uuidv7()}`;
      const patch = (extra: Record<string, unknown> = {}) =>
        event(device, { streamId, type: 'blueprint.patched', data: { op: device.seq + 1 }, ...extra });
      await pushed(device, [patch()]);
      const answer = await pushed(device, [
        patch(),
        patch({ expectedVersion: 2 }),
        patch({ expectedVersion: 2 }),
        patch(),
        patch({ expectedVersion: 4 }),
        patch({ streamId: `blueprint-${uuidv7()}`, expectedVersion: 0 }),
      ]);
      expect(codes(answer.outcomes)).toEqual(['accepted', 'accepted', 'CONFLICT', 'accepted', 'accepted', 'accepted']);
      expect(answer.outcomes[2]).toMatchObject({ currentVersion: 3 });
      const start = answer.outcomes[0]?.status === 'accepted' ? answer.outcomes[0].position : 0;
      const pulled = (await pull(device, start - 2)).events.filter((e) => e.streamId === streamId);
      expect(pulled.map((e) => [e.seq, e.streamVersion])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
        [5, 4],
        [6, 5],
      ]);
    });
  });
});

describe('sync on embedded PGlite (one process: LISTEN in process)', () => {
  const suite = listeningWorld(pgliteTestDatabase);

  it('pushes, pokes and pulls', async () => {
    const { client, port, world } = suite;
    const registered = await client.call({
      method: 'POST',
      url: '/devices',
      token: world.a.owner.token,
      payload: { name: 'laptop' },
    });
    const device = RegisteredDevice.parse(registered.body);
    const socket = openSocket(`ws://127.0.0.1:${port}/sync/poke`, device.credential, 'firstMessage');
    try {
      await socket.next((message) => message.type === 'poke');
      const sent = noteEvent(1, device.userId, { text: 'offline first' });
      const answer = await client.call(pushCall(device, [sent]));
      const [outcome] = PushResponse.parse(answer.body).outcomes;
      if (outcome?.status !== 'accepted') throw new Error(JSON.stringify(answer.body));
      await socket.next((message) => message.type === 'poke' && message.position === outcome.position);
      const pulled = await client.call({
        method: 'GET',
        url: `/sync/pull?after=${outcome.position - 1}`,
        headers: { authorization: `Bearer ${device.credential}` },
      });
      expect(PullResponse.parse(pulled.body).events.map((event) => event.id)).toEqual([sent.id]);
    } finally {
      socket.close();
    }
  });
});
