import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, createCore, EventStore, findMigrationsFolder } from '@webnova/core';
import { chainAuditEntry, deviceEvidence } from '@webnova/core/audit-chain';
import type { AuditEntry } from '@webnova/core/contracts';
import type { PulledEvent, PushedEvent } from '@webnova/core/contracts/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webnova } from './run-cli.js';

const USER = randomUUID();
const TENANT = randomUUID();
const DEVICE = randomUUID();

/**
 * The governance server as far as `audit verify --tenant` reaches it: sign-in, push (every event taken;
 * each audit entry recorded in the tenant's chain as the real server records it), pull and the chain.
 * The real server's side is tested in apps/server/test/sync-audit.test.ts.
 */
function fakeServer() {
  const log: PulledEvent[] = [];
  const chain: AuditEntry[] = [];
  const record = (action: string, data: AuditEntry['data']) =>
    chain.push(
      chainAuditEntry(chain.at(-1) ?? null, {
        occurredAt: new Date().toISOString(),
        actor: { kind: 'user', id: USER },
        action,
        subject: `device:${DEVICE}`,
        data,
      }),
    );
  record('user.invited', { email: 'owner@example.org' });
  const answers: Record<string, (body: Record<string, unknown>, query: URLSearchParams) => unknown> = {
    'POST /auth/login': () => ({ token: 'session', user: { id: USER, role: 'owner' } }),
    'POST /auth/logout': () => ({}),
    'POST /devices': () => ({
      deviceId: DEVICE,
      credential: `wnd_${DEVICE}_${'x'.repeat(43)}`,
      userId: USER,
      tenantId: TENANT,
      role: 'owner',
    }),
    'POST /sync/push': (body) => {
      const events = body.events as PushedEvent[];
      for (const event of events) {
        const streamVersion = log.filter((held) => held.streamId === event.streamId).length + 1;
        const { expectedVersion: _expected, chainHash, ...rest } = event;
        log.push({
          ...rest,
          position: log.length + 1,
          deviceId: DEVICE,
          streamVersion,
          receivedAt: new Date().toISOString(),
          chainHash: chainHash ?? null,
        });
        if (event.streamId === 'audit') {
          const pushed = { deviceId: DEVICE, eventId: event.id, chainHash };
          record('device.audit', deviceEvidence(pushed, event.data as AuditEntry, null));
        }
      }
      const outcomes = events.map((event, index) => ({
        seq: event.seq,
        status: 'accepted',
        position: log.length - events.length + index + 1,
      }));
      return { outcomes, lastSeq: events.at(-1)?.seq ?? 0 };
    },
    'GET /sync/pull': (_body, query) => {
      const events = log.filter((event) => event.position > Number(query.get('after')));
      return { events, cursor: events.at(-1)?.position ?? Number(query.get('after')), more: false };
    },
    'GET /sync/audit': (_body, query) => ({
      entries: chain.filter((entry) => entry.seq > Number(query.get('after'))),
      more: false,
      count: chain.length,
      headHash: chain.at(-1)?.hash,
    }),
  };
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const answer = answers[`${request.method} ${url.pathname}`];
      response.writeHead(answer ? (url.pathname === '/devices' ? 201 : 200) : 404, {
        'content-type': 'application/json',
      });
      response.end(JSON.stringify(answer ? answer(text ? JSON.parse(text) : {}, url.searchParams) : {}));
    });
  });
  return { server, chain };
}

describe('webnova audit verify --tenant', () => {
  let dataDir: string;
  let fake: ReturnType<typeof fakeServer>;
  let origin: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'webnova-cli-audit-'));
    fake = fakeServer();
    await new Promise<void>((listening) => fake.server.listen(0, '127.0.0.1', listening));
    origin = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    fake?.server.closeAllConnections();
    await new Promise((closed) => fake?.server.close(closed));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('needs a signed-in device', async () => {
    const run = await webnova('audit', 'verify', '--tenant', '--data-dir', dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toMatch(/sign in/i);
  });

  it("verifies the tenant's chain with this device's entries in it, and names the entry once it is tampered with", async () => {
    const store = await EventStore.open(dataDir, { migrationsFolder: findMigrationsFolder() });
    const audit = new AuditLog(store);
    for (const n of [1, 2, 3]) {
      await audit.record({
        occurredAt: new Date().toISOString(),
        actor: { kind: 'user', id: 'local-owner' },
        action: 'note.written',
        subject: 'note',
        data: { n },
      });
    }
    await store.close();
    const core = await createCore({ dataDir, host: 'web', version: 'test' });
    const signedIn = await core.dispatch({
      type: 'call',
      id: 'sign-in',
      method: 'sync.signIn',
      params: { server: origin, email: 'owner@example.org', password: 'secret', deviceName: 'CLI test' },
    });
    expect(signedIn.type).toBe('result');
    await core.close();

    const ok = await webnova('audit', 'verify', '--tenant', '--data-dir', dataDir);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("The tenant's audit chain verifies: the tenant's chain: 4 entries, 3 of them");
    expect(ok.stdout).toContain("this device's log: 3 entries, 3 of them in the tenant's chain");

    const second = fake.chain[2] as AuditEntry;
    fake.chain[2] = { ...second, data: { ...second.data, subject: 'forged' } };
    const broken = await webnova('audit', 'verify', '--tenant', '--json', '--data-dir', dataDir);
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout);
    expect(report).toMatchObject({ ok: false, problem: { part: 'tenant', tenantSeq: 3 } });
    expect(report.problem.reason).toBe('Entry 3 was changed after it was recorded: it no longer matches its hash.');
  });
});
