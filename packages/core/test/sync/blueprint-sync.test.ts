import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import clinic from '../../samples/clinic-appointments.blueprint.json' with { type: 'json' };
import { diffBlueprints } from '../../src/blueprint/diff.js';
import { normalizeBlueprint, serializeBlueprint } from '../../src/blueprint/normalize.js';
import type { Blueprint } from '../../src/contracts/blueprint.js';
import type { JsonObject } from '../../src/contracts/events.js';
import type { PulledEvent, PushRequest, PushResponse } from '../../src/contracts/sync.js';
import { Governance } from '../../src/governance/governance.js';
import { BLUEPRINT_CHANGED } from '../../src/sync/blueprints/blueprint-stream.js';
import { PROJECT_FILE } from '../../src/sync/blueprints/project-key.js';
import { SyncEngine } from '../../src/sync/engine.js';
import type { SyncServerClient } from '../../src/sync/server-client.js';
import { readStreamView } from '../../src/sync/stream-view.js';
import { TenantLog } from '../../src/sync/tenant-log.js';
import { preparedDataDir, removeDataDir } from '../store/prepared-store.js';

const TENANT = '0190a0b0-0000-7000-8000-000000000001';
const PROJECT_KEY = '0190a0b0-0000-7000-8000-00000000c0de';
const STREAM = `blueprint-${PROJECT_KEY}`;
const ai = { kind: 'ai', id: 'planner' } as const;
const base = normalizeBlueprint(clinic as unknown as Blueprint);
const withPlatform = (from: Blueprint, change: Partial<Blueprint['platform']>): Blueprint => ({
  ...from,
  platform: { ...from.platform, ...change },
});

/**
 * The server's part of the protocol that these tests lean on, in memory: a tenant's log with a version
 * per stream, `expectedVersion` checked (CONFLICT with the current version), and the server's own
 * approval closing a decision once a device's endorsement reaches its quorum of one.
 */
function fakeServer() {
  const log: PulledEvent[] = [];
  const versionOf = (streamId: string) => log.filter((event) => event.streamId === streamId).length;
  const add = (event: Omit<PulledEvent, 'position' | 'streamVersion' | 'receivedAt'>) => {
    const position = log.length + 1;
    log.push({
      ...event,
      position,
      streamVersion: versionOf(event.streamId) + 1,
      receivedAt: new Date().toISOString(),
    });
    return position;
  };
  const client = {
    async push(_credential: string, request: PushRequest): Promise<PushResponse> {
      const outcomes: PushResponse['outcomes'] = request.events.map((event) => {
        const current = versionOf(event.streamId);
        if (event.expectedVersion !== undefined && event.expectedVersion !== current) {
          return {
            seq: event.seq,
            status: 'refused',
            code: 'CONFLICT',
            message: 'another came first',
            currentVersion: current,
          };
        }
        const { seq, id, streamId, type, data, actor, occurredAt } = event;
        const position = add({
          id,
          deviceId: request.deviceId,
          seq,
          streamId,
          type,
          data,
          actor,
          occurredAt,
          chainHash: null,
        });
        if (type === 'decision.endorsed') {
          add({
            id: crypto.randomUUID(),
            deviceId: null,
            seq: null,
            streamId,
            type: 'decision.approved',
            data: { comment: '' },
            actor: { kind: 'system', id: 'webnova-server' },
            occurredAt: new Date().toISOString(),
            chainHash: null,
          });
        }
        return { seq: event.seq, status: 'accepted', position };
      });
      return { outcomes, lastSeq: request.events.at(-1)?.seq ?? 0 };
    },
    async pull(_credential: string, after: number) {
      const events = log.filter((event) => event.position > after);
      return { events, cursor: log.length, more: false };
    },
  };
  return { log, client: client as unknown as SyncServerClient };
}

interface Device {
  governance: Governance;
  engine: SyncEngine;
  project: string;
  dataDir: string;
  sync(): Promise<void>;
  file(): Promise<Blueprint>;
  decisions(): Promise<Awaited<ReturnType<Governance['list']>>>;
}

async function device(server: ReturnType<typeof fakeServer>, userId: string): Promise<Device> {
  const dataDir = await preparedDataDir();
  // The same project on both computers, as git brings it: the Blueprint and the project's key.
  const project = await realpath(await mkdtemp(join(tmpdir(), 'webnova-blueprint-sync-')));
  await writeFile(join(project, 'webnova.blueprint.json'), serializeBlueprint(base));
  await mkdir(join(project, '.webnova'));
  await writeFile(join(project, PROJECT_FILE), JSON.stringify({ id: PROJECT_KEY }));
  const governance = Governance.start({ dataDir, currentProject: () => project });
  const store = await governance.store();
  await new TenantLog(store).begin(TENANT);
  governance.setSignedIn(userId);
  const engine = new SyncEngine({
    store,
    account: {
      server: 'http://127.0.0.1:9',
      email: 'owner@example.com',
      userId,
      tenantId: TENANT,
      role: 'owner',
      deviceId: store.deviceId,
      deviceName: 'test',
      signedInAt: new Date().toISOString(),
    },
    credential: 'test',
    client: server.client,
    log: () => {},
    onChange: () => {},
    onSynced: (streamIds) => governance.synced(streamIds),
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
  });
  return {
    governance,
    engine,
    project,
    dataDir,
    sync: async () => void (await engine.syncNow()),
    file: async () => JSON.parse(await readFile(join(project, 'webnova.blueprint.json'), 'utf8')),
    decisions: () =>
      governance.list({ status: ['pending', 'escalated', 'approved', 'executing', 'executed', 'failed', 'rejected'] }),
  };
}

/** A Blueprint patch the AI proposes, approved by the owner here and run once the server's approval is pulled. */
async function patchAndRun(on: Device, to: Blueprint): Promise<string> {
  const proposed = await on.governance.propose(
    {
      kind: 'blueprint.patch',
      payload: { path: 'webnova.blueprint.json', patch: diffBlueprints(base, to) as unknown as JsonObject[] },
    },
    'change the platform',
    { actor: ai, project: on.project },
  );
  expect(proposed.outcome).toBe('pending');
  const id = proposed.decision?.id as string;
  await approveAndRun(on, id);
  return id;
}

async function approveAndRun(on: Device, id: string): Promise<void> {
  await on.governance.approve(id);
  await on.sync();
  expect((await on.decisions()).find((decision) => decision.id === id)?.status).toBe('executed');
}

describe('a Blueprint changed on two devices from the same version', () => {
  const server = fakeServer();
  let a: Device;
  let b: Device;
  const theirs = withPlatform(base, { description: 'Appointments, from device A' });
  const mine = withPlatform(base, { name: 'Clinic B' });
  let conflictId: string;

  beforeAll(async () => {
    a = await device(server, '0190a0b0-0000-7000-8000-0000000000aa');
    b = await device(server, '0190a0b0-0000-7000-8000-0000000000bb');
  });

  afterAll(async () => {
    for (const on of [a, b]) {
      await on?.engine.stop();
      await on?.governance.close();
      await removeDataDir(on?.dataDir ?? '');
      await rm(on?.project ?? '', { recursive: true, force: true });
    }
  });

  it("records A's patch in the project's stream, with the decision's result, made on version 0", async () => {
    await patchAndRun(a, theirs);
    expect(await a.file()).toEqual(theirs);
    await a.sync();
    const changes = server.log.filter((event) => event.type === BLUEPRINT_CHANGED);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ streamId: STREAM, streamVersion: 1, data: { blueprint: theirs, base } });
  });

  it("refuses B's patch of the same version: a conflict, dropped from B's view, B's file left as B had it", async () => {
    await patchAndRun(b, mine);
    await b.sync();
    const view = await readStreamView(await b.governance.store(), STREAM);
    expect(view.refused).toBe(1);
    expect(view.pending).toEqual([]);
    expect(view.confirmed.map((event) => event.data.hash)).toEqual([
      server.log.find((e) => e.streamId === STREAM)?.data.hash,
    ]);
    expect(await b.file()).toEqual(mine);
    const [conflict] = await b.governance.blueprintConflicts();
    expect(conflict).toMatchObject({
      code: 'CONFLICT',
      streamId: STREAM,
      basedOn: 0,
      theirsVersion: 1,
      rebasedAs: null,
    });
    conflictId = conflict?.id as string;
    // Taking theirs alone would drop B's change from the file: only the rebase is offered.
    expect((await b.decisions()).filter((decision) => decision.payload.adopts)).toEqual([]);
  });

  it('compares the three versions: base, theirs, mine', async () => {
    const three = await b.governance.compareBlueprint(conflictId);
    expect(three).toEqual({
      path: 'webnova.blueprint.json',
      base: serializeBlueprint(base),
      theirs: serializeBlueprint(theirs),
      mine: serializeBlueprint(mine),
    });
  });

  it("rebases B's patch on theirs as a decision under the constitution, which the server then accepts", async () => {
    const outcome = await b.governance.rebaseBlueprint(conflictId);
    expect(outcome.outcome).toBe('pending');
    expect(outcome.decision?.payload.rebases).toBe(conflictId);
    expect((await b.governance.blueprintConflicts())[0]?.rebasedAs).toBe(outcome.decision?.id);
    expect(await b.file()).toEqual(mine);
    await approveAndRun(b, outcome.decision?.id as string);
    const both = withPlatform(base, { name: 'Clinic B', description: 'Appointments, from device A' });
    expect(await b.file()).toEqual(both);
    await b.sync();
    const changes = server.log.filter((event) => event.type === BLUEPRINT_CHANGED);
    expect(changes.map((event) => event.streamVersion)).toEqual([1, 2]);
    expect(changes[1]?.data.blueprint).toEqual(both);
  });

  it("offers B's change to A as a pending decision, never writing A's file on its own", async () => {
    await a.sync();
    expect(await a.file()).toEqual(theirs);
    const offers = async () => (await a.decisions()).filter((decision) => decision.payload.adopts);
    const offered = await offers();
    expect(offered).toHaveLength(1);
    expect(offered[0]).toMatchObject({ status: 'pending', kind: 'blueprint.patch' });

    // The file changed before the offer was approved (its patch would still apply): the offer fails
    // rather than lay itself over what is there now, and a fresh one, from the file as it is, follows.
    const edited = withPlatform(theirs, { description: 'Edited by hand' });
    await writeFile(join(a.project, 'webnova.blueprint.json'), serializeBlueprint(edited));
    await a.governance.approve(offered[0]?.id as string);
    await a.sync();
    expect((await offers()).find((decision) => decision.status === 'failed')?.outcome?.errorMessage).toEqual({
      code: 'ERROR_BLUEPRINT_CHANGED_SINCE',
      params: { path: 'webnova.blueprint.json' },
    });
    expect(await a.file()).toEqual(edited);
    await expect.poll(async () => (await offers()).filter((decision) => decision.status === 'pending')).toHaveLength(1);
    const fresh = (await offers()).find((decision) => decision.status === 'pending');

    // Once approved it runs on A, and adds nothing to the stream: the stream had it first.
    await approveAndRun(a, fresh?.id as string);
    expect(await a.file()).toEqual(
      withPlatform(base, { name: 'Clinic B', description: 'Appointments, from device A' }),
    );
    await a.sync();
    expect(server.log.filter((event) => event.type === BLUEPRINT_CHANGED)).toHaveLength(2);
    // Pulling again offers nothing new.
    await a.sync();
    expect(await offers()).toHaveLength(2);
  });
});
