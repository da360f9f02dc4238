import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainAuditEntry, verifyAuditChain } from '@webnova/core/audit-chain';
import type { AuditEntry } from '@webnova/core/contracts';
import {
  DeviceAuditEvidence,
  PushResponse,
  type RegisteredDevice,
  TenantAuditPage,
} from '@webnova/core/contracts/sync';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The desktop's whole core, as it ships, verifying the tenant's chain through its own API.
import { type Core, createCore } from '../../../packages/core/src/api/core.js';
import { passwordOf } from './support/client.js';
import { pgliteTestDatabase, postgresTestDatabase } from './support/databases.js';
import { pushCall, registerDevice } from './support/sync.js';
import { listeningWorld } from './support/test-app.js';
import type { Person, World } from './support/world.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions.
type Loose = any;

/** A registered device and its own push numbering. */
interface Device extends RegisteredDevice {
  seq: number;
}

/** A device's real audit chain of `n` entries, as core's AuditLog would have recorded them. */
function chainOf(n: number, tag = uuidv7()): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) {
    entries.push(
      chainAuditEntry(entries.at(-1) ?? null, {
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        actor: { kind: 'user', id: 'local-owner' },
        action: 'note.written',
        subject: `note:${tag}`,
        data: { n: i },
      }),
    );
  }
  return entries;
}

describe('one audit story: device chains joining the tenant chain (PostgreSQL)', () => {
  const suite = listeningWorld(postgresTestDatabase);
  const client = suite.client;
  let world: World;
  let owner: pg.Client;

  beforeAll(async () => {
    world = suite.world;
    owner = new pg.Client({ connectionString: suite.database.url });
    await owner.connect();
  });

  afterAll(async () => {
    await owner?.end();
  });

  const register = (person: Person, name?: string): Promise<Device> => registerDevice(client, person, name);

  /** Each entry's event, the same on every push (a device resends the events it wrote, ids and all). */
  const written = new Map<string, { id: string; occurredAt: string }>();
  const writtenAs = (entry: unknown) => {
    const key = JSON.stringify(entry);
    const known = written.get(key) ?? { id: uuidv7(), occurredAt: new Date().toISOString() };
    written.set(key, known);
    return known;
  };

  /** Pushes audit entries as the desktop's outbox does: stream `audit`, the entry's hash as `chainHash`. */
  async function pushEntries(device: Device, entries: unknown[], chainHashes?: string[]): Promise<PushResponse> {
    const events = entries.map((entry, index) => {
      device.seq += 1;
      return {
        seq: device.seq,
        ...writtenAs(entry),
        streamId: 'audit',
        type: 'audit.recorded',
        data: entry,
        actor: { kind: 'user', id: device.userId },
        chainHash: chainHashes?.[index] ?? (entry as AuditEntry).hash,
      };
    });
    const answer = await client.call(pushCall(device, events));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return PushResponse.parse(answer.body);
  }

  async function auditPage(device: Device, query: string) {
    return client.call({
      method: 'GET',
      url: `/sync/audit?${query}`,
      headers: { authorization: `Bearer ${device.credential}` },
    });
  }

  /** The tenant chain's evidence of `device`'s entries, in the chain's order. */
  async function evidenceOf(device: Device): Promise<DeviceAuditEvidence[]> {
    const { rows } = await owner.query(
      `select data from audit_entries where tenant_id = $1 and action = 'device.audit' and data->>'deviceId' = $2
        order by seq`,
      [device.tenantId, device.deviceId],
    );
    return rows.map((row) => DeviceAuditEvidence.parse(row.data));
  }

  it("records a device's real chain in the tenant's chain, entry by entry, and the chain still verifies", async () => {
    const device = await register(world.a.owner);
    const entries = chainOf(3);
    const answer = await pushEntries(device, entries);
    expect(answer.outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const evidence = await evidenceOf(device);
    expect(evidence).toEqual(
      entries.map((entry) =>
        expect.objectContaining({
          deviceId: device.deviceId,
          seq: entry.seq,
          chainHash: entry.hash,
          action: 'note.written',
        }),
      ),
    );
    expect(evidence.some((record) => record.break !== undefined)).toBe(false);
    const verified = await client.call({
      method: 'GET',
      url: `/tenants/${world.a.id}/audit/verify`,
      token: world.a.owner.token,
    });
    expect(verified.body).toMatchObject({ ok: true });
    // A resend is a duplicate: recorded once.
    device.seq = 0;
    const again = await pushEntries(device, entries);
    expect(again.outcomes.map((outcome) => outcome.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await evidenceOf(device)).toHaveLength(3);
  });

  it('catches a tampered entry, a reordered pair, an edited hash, a dropped entry and a foreign chain hash', async () => {
    const cases: Array<[string, (entries: AuditEntry[]) => { push: unknown[]; hashes?: string[] }, number, string]> = [
      ['tampered', (e) => ({ push: [e[0], { ...e[1], data: { n: 99 } }, e[2]] }), 2, 'hash'],
      ['reordered', (e) => ({ push: [e[0], e[2], e[1]] }), 3, 'sequence'],
      ['edited hash', (e) => ({ push: [e[0], { ...e[1], hash: 'a'.repeat(64) }, e[2]] }), 2, 'hash'],
      ['dropped', (e) => ({ push: [e[0], e[2]] }), 3, 'sequence'],
      [
        'foreign chain hash',
        (e) => ({ push: [e[0], e[1]], hashes: [e[0]?.hash ?? '', 'b'.repeat(64)] }),
        2,
        'evidence',
      ],
    ];
    for (const [name, tamper, brokenSeq, problem] of cases) {
      const device = await register(world.a.owner, name);
      const { push, hashes } = tamper(chainOf(3));
      const answer = await pushEntries(device, push, hashes);
      // Taken, so nothing is lost, and recorded as breaking the segment where it breaks.
      expect(
        answer.outcomes.every((outcome) => outcome.status === 'accepted'),
        name,
      ).toBe(true);
      const evidence = await evidenceOf(device);
      expect(evidence, name).toHaveLength(push.length);
      const first = evidence.find((record) => record.break !== undefined);
      expect(first, name).toMatchObject({ seq: brokenSeq, break: problem });
      expect(evidence[0]?.break, name).toBeUndefined();
    }
  });

  it('refuses as INVALID an audit event that is not an audit entry, its seq spent', async () => {
    const device = await register(world.a.owner, 'malformed');
    const [entry] = chainOf(1);
    const answer = await pushEntries(device, [{ ...entry, seq: 'one' }]);
    expect(answer.outcomes[0]).toMatchObject({ status: 'refused', code: 'INVALID' });
    expect(answer.lastSeq).toBe(1);
    expect(await evidenceOf(device)).toEqual([]);
  });

  it('lets a new registration continue an entry the log holds, and nothing the log does not hold', async () => {
    const entries = chainOf(5);
    const first = await register(world.a.owner, 'first registration');
    await pushEntries(first, entries.slice(0, 2));
    // Signed in again: entries 1–2 are duplicates (not recorded again), 3 continues entry 2.
    const second = await register(world.a.owner, 'second registration');
    const answer = await pushEntries(second, entries.slice(0, 3));
    expect(answer.outcomes.map((outcome) => outcome.status)).toEqual(['duplicate', 'duplicate', 'accepted']);
    expect(await evidenceOf(second)).toEqual([expect.objectContaining({ seq: 3, chainHash: entries[2]?.hash })]);
    expect((await evidenceOf(second))[0]?.break).toBeUndefined();
    // Entry 5 claims to follow an entry 4 that nobody pushed.
    const third = await register(world.a.owner, 'third registration');
    await pushEntries(third, [entries[4]]);
    expect(await evidenceOf(third)).toEqual([expect.objectContaining({ seq: 5, break: 'link' })]);
  });

  describe('GET /sync/audit', () => {
    it("pages through the tenant's chain in order, with its count and head", async () => {
      const device = await register(world.a.owner, 'reader');
      const seen: AuditEntry[] = [];
      let last: TenantAuditPage | undefined;
      for (let after = 0; ; ) {
        const answer = await auditPage(device, `after=${after}&limit=7`);
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        last = TenantAuditPage.parse(answer.body);
        seen.push(...last.entries);
        if (!last.more) break;
        expect(last.entries).toHaveLength(7);
        after = last.entries.at(-1)?.seq ?? after;
      }
      expect(seen.map((entry) => entry.seq)).toEqual(seen.map((_, index) => index + 1));
      expect(last?.count).toBe(seen.length);
      expect(last?.headHash).toBe(seen.at(-1)?.hash);
      expect(seen.length).toBeGreaterThan(14);
    });

    it("answers a tenant's devices only their tenant's chain", async () => {
      const inA = await register(world.a.owner, 'A reader');
      await pushEntries(inA, chainOf(1));
      const inB = await register(world.b.owner, 'B reader');
      const answer = await auditPage(inB, 'after=0');
      expect(answer.status).toBe(200);
      const page = TenantAuditPage.parse(answer.body);
      expect(JSON.stringify(page)).not.toContain(inA.deviceId);
      expect(JSON.stringify(page)).not.toContain(world.a.id);
      const { rows } = await owner.query('select count(*)::int as n from audit_entries where tenant_id = $1', [
        world.b.id,
      ]);
      expect(page.count).toBe(rows[0].n);
    });

    it('needs audit.read, and checks its query before reading', async () => {
      const member = await register(world.a.member, 'member reader');
      expect((await auditPage(member, 'after=0')).status).toBe(403);
      const device = await register(world.a.owner, 'limits');
      for (const query of ['after=0&limit=0', 'after=0&limit=1001', 'after=-1', 'after=0&x=1', 'limit=5'])
        expect((await auditPage(device, query)).status, query).toBe(400);
    });
  });

  describe("a desktop's core verifying the tenant's chain", () => {
    let core: Core;
    let dataDir: string;
    let project: string;

    const call = async (method: string, params: unknown = {}): Promise<Loose> => {
      const reply = (await core.dispatch({ type: 'call', id: 'test', method, params })) as Loose;
      if (reply.type !== 'result') throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
      return reply.result;
    };

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'webnova-audit-core-'));
      project = await realpath(await mkdtemp(join(tmpdir(), 'webnova-audit-project-')));
      await writeFile(join(project, 'notes.ts'), 'old\n');
      core = await createCore({ dataDir, host: 'web', version: 'test' });
      await core.openWorkspace(project);
    });

    afterAll(async () => {
      await core?.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(project, { recursive: true, force: true });
    });

    it('passes: the chain, every device entry in it, and this device’s own chain', async () => {
      await call('governance.propose', {
        kind: 'file.write',
        payload: { path: 'notes.ts', content: 'new\n' },
        rationale: 'Before signing in.',
      });
      await call('sync.signIn', {
        server: `http://127.0.0.1:${suite.port}`,
        email: world.b.owner.email,
        password: passwordOf(world.b.owner.email),
        deviceName: 'Verifier',
      });
      await call('governance.propose', {
        kind: 'file.write',
        payload: { path: 'other.ts', content: 'x\n' },
        rationale: 'After signing in.',
      });
      const report = await call('sync.verifyTenantAudit');
      expect(report, JSON.stringify(report.problem)).toMatchObject({ ok: true, problem: null });
      expect(report.local.count).toBeGreaterThan(1);
      expect(report.local.held).toBe(report.local.count);
      expect(report.evidence).toBeGreaterThanOrEqual(report.local.count);
      expect(report.tenant.count).toBeGreaterThan(report.evidence);
    });

    it("fails, naming the entry, once the server's tenant chain is tampered with", async () => {
      const { rows } = await owner.query(
        `select seq, data from audit_entries where tenant_id = $1 and action = 'device.audit' order by seq limit 1`,
        [world.b.id],
      );
      const { seq, data } = rows[0] as { seq: number; data: unknown };
      const rewrite = (value: unknown) =>
        owner.query('update audit_entries set data = $3 where tenant_id = $1 and seq = $2', [
          world.b.id,
          seq,
          JSON.stringify(value),
        ]);
      await rewrite({ ...(data as object), subject: 'forged' });
      const report = await call('sync.verifyTenantAudit');
      expect(report).toMatchObject({ ok: false, problem: { part: 'tenant', tenantSeq: seq } });
      expect(report.problem.reason).toContain(`Entry ${seq} was changed`);
      await rewrite(data);
      expect((await call('sync.verifyTenantAudit')).ok).toBe(true);
    });

    it('fails, naming the device and the entry, when the tenant log holds a device entry otherwise', async () => {
      const status = await call('sync.status');
      await call('sync.signOut');
      const { rows } = await owner.query(
        `update sync_events set data = jsonb_set(data, '{data}', '{"forged": true}')
          where tenant_id = $1 and stream_id = 'audit' and device_id = $2 and (data->>'seq')::int = 2
          returning (data->>'seq')::int as seq`,
        [world.b.id, status.account.deviceId],
      );
      expect(rows).toHaveLength(1);
      // A fresh data folder signed in to the same tenant pulls the rewritten log.
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
      core = await createCore({ dataDir, host: 'web', version: 'test' });
      await call('sync.signIn', {
        server: `http://127.0.0.1:${suite.port}`,
        email: world.b.owner.email,
        password: passwordOf(world.b.owner.email),
        deviceName: 'Second verifier',
      });
      const report = await call('sync.verifyTenantAudit');
      expect(report).toMatchObject({
        ok: false,
        problem: { part: 'evidence', deviceId: status.account.deviceId, entry: 2 },
      });
    });
  });
});

describe('one audit story on embedded PGlite', () => {
  const suite = listeningWorld(pgliteTestDatabase);

  it('records a device chain with its break, and answers the chain to a device', async () => {
    const device = await registerDevice(suite.client, suite.world.a.owner);
    const [first, second] = chainOf(2);
    const events = [first, { ...second, data: { n: 99 } }].map((entry, index) => ({
      seq: index + 1,
      id: uuidv7(),
      streamId: 'audit',
      type: 'audit.recorded',
      data: entry,
      actor: { kind: 'user', id: device.userId },
      occurredAt: new Date().toISOString(),
      chainHash: entry?.hash,
    }));
    const pushed = PushResponse.parse((await suite.client.call(pushCall(device, events))).body);
    expect(pushed.outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted']);
    const answer = await suite.client.call({
      method: 'GET',
      url: '/sync/audit?after=0',
      headers: { authorization: `Bearer ${device.credential}` },
    });
    const page = TenantAuditPage.parse(answer.body);
    expect(verifyAuditChain(page.entries, { count: page.count, headHash: page.headHash })).toMatchObject({ ok: true });
    const evidence = page.entries.filter((entry) => entry.action === 'device.audit').map((entry) => entry.data);
    expect(evidence).toEqual([
      expect.objectContaining({ seq: 1, chainHash: first?.hash }),
      expect.objectContaining({ seq: 2, break: 'hash' }),
    ]);
    expect(evidence[0]).not.toHaveProperty('break');
  });
});
