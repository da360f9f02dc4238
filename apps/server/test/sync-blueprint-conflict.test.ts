import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import clinic from '../../../packages/core/samples/clinic-appointments.blueprint.json' with { type: 'json' };
// Two of the desktop's whole cores, as they ship, on two data folders: two devices of two owners.
import { type Core, createCore } from '../../../packages/core/src/api/core.js';
import { diffBlueprints } from '../../../packages/core/src/blueprint/diff.js';
import { normalizeBlueprint, serializeBlueprint } from '../../../packages/core/src/blueprint/normalize.js';
import type { Blueprint } from '../../../packages/core/src/contracts/blueprint.js';
import { passwordOf } from './support/client.js';
import { postgresTestDatabase } from './support/databases.js';
import { listeningWorld } from './support/test-app.js';
import type { Person } from './support/world.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions.
type Loose = any;

const FILE = 'webnova.blueprint.json';
const PROJECT_KEY = '0190a0b0-0000-7000-8000-00000000beef';
const base = normalizeBlueprint(clinic as unknown as Blueprint);
const withPlatform = (change: Partial<Blueprint['platform']>): Blueprint => ({
  ...base,
  platform: { ...base.platform, ...change },
});
const theirs = withPlatform({ description: 'Appointments, as desk A put it' });
const mine = withPlatform({ name: 'Clinic on laptop B' });
const both = withPlatform({ name: 'Clinic on laptop B', description: 'Appointments, as desk A put it' });

interface Device {
  core: Core;
  dataDir: string;
  project: string;
  call(method: string, params?: unknown): Promise<Loose>;
  file(): Promise<Blueprint>;
}

describe('a Blueprint patched on two devices from the same version, through the server', () => {
  const suite = listeningWorld(postgresTestDatabase);
  let a: Device;
  let b: Device;

  const device = async (name: string): Promise<Device> => {
    const dataDir = await mkdtemp(join(tmpdir(), `webnova-blueprint-${name}-`));
    // The same project on both computers, as git brings it: its Blueprint and its key.
    const project = await realpath(await mkdtemp(join(tmpdir(), `webnova-blueprint-${name}-project-`)));
    await writeFile(join(project, FILE), serializeBlueprint(base));
    await mkdir(join(project, '.webnova'));
    await writeFile(join(project, '.webnova/project.json'), JSON.stringify({ id: PROJECT_KEY }));
    const core = await createCore({
      dataDir,
      host: 'web',
      version: 'test',
      log: (level, message, fields) => {
        if (level === 'error') console.error(name, message, fields);
      },
    });
    await core.openWorkspace(project);
    const call = async (method: string, params: unknown = {}) => {
      const reply = (await core.dispatch({ type: 'call', id: 'test', method, params })) as Loose;
      if (reply.type !== 'result') throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
      return reply.result;
    };
    const file = async () => JSON.parse(await readFile(join(project, FILE), 'utf8'));
    return { core, dataDir, project, call, file };
  };

  const signIn = (on: Device, person: Person, deviceName: string) =>
    on.call('sync.signIn', {
      server: `http://127.0.0.1:${suite.port}`,
      email: person.email,
      password: passwordOf(person.email),
      deviceName,
    });

  const decisions = async (on: Device): Promise<Loose[]> =>
    (
      await on.call('governance.list', {
        status: ['pending', 'escalated', 'approved', 'executing', 'executed', 'failed', 'rejected', 'expired'],
      })
    ).decisions;

  /** The owner approves; the server's approval comes back with the pull and the decision runs here. */
  const approveAndRun = async (on: Device, id: string) => {
    await on.call('governance.approve', { id, comment: 'yes' });
    await on.call('sync.now');
    expect((await decisions(on)).find((decision) => decision.id === id)).toMatchObject({ status: 'executed' });
    await on.call('sync.now');
  };

  const patch = async (on: Device, to: Blueprint) => {
    const proposed = await on.call('governance.propose', {
      kind: 'blueprint.patch',
      payload: { path: FILE, patch: diffBlueprints(base, to) },
      rationale: 'Change the platform.',
    });
    expect(proposed).toMatchObject({ outcome: 'pending' });
    await approveAndRun(on, proposed.decision.id);
  };

  beforeAll(async () => {
    a = await device('a');
    b = await device('b');
    await signIn(a, suite.world.a.owner, 'Desk A');
    await signIn(b, suite.world.a.owner2, 'Laptop B');
  });

  afterAll(async () => {
    for (const on of [a, b]) {
      await on?.core.close();
      await rm(on?.dataDir ?? '', { recursive: true, force: true });
      await rm(on?.project ?? '', { recursive: true, force: true });
    }
  });

  it('refuses the second push CONFLICT; B rebases, and the rebased patch is accepted and offered to A', async () => {
    await patch(a, theirs);
    expect(await a.file()).toEqual(theirs);

    // B had not pulled A's change when it patched the same version.
    await patch(b, mine);
    const { refusals } = await b.call('sync.refusals', { limit: 10 });
    expect(refusals).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    const { conflicts } = await b.call('sync.blueprintConflicts');
    expect(conflicts).toEqual([
      expect.objectContaining({ code: 'CONFLICT', basedOn: 0, theirsVersion: 1, rebasedAs: null, project: b.project }),
    ]);
    // B's file stays as B's owner left it until they choose; the conflict says the tenant has another.
    expect(await b.file()).toEqual(mine);
    const id = conflicts[0].id;
    expect(await b.call('sync.compareBlueprint', { id })).toEqual({
      path: FILE,
      base: serializeBlueprint(base),
      theirs: serializeBlueprint(theirs),
      mine: serializeBlueprint(mine),
    });

    const rebased = await b.call('sync.rebaseBlueprint', { id });
    expect(rebased).toMatchObject({
      outcome: 'pending',
      decision: { kind: 'blueprint.patch', payload: { rebases: id } },
    });
    await approveAndRun(b, rebased.decision.id);
    expect(await b.file()).toEqual(both);
    expect((await b.call('sync.refusals', { limit: 10 })).refusals).toHaveLength(1);
    expect((await b.call('sync.blueprintConflicts')).conflicts[0].rebasedAs).toBe(rebased.decision.id);

    // A pulls B's accepted change: offered as a decision, A's file untouched until it is approved.
    await a.call('sync.now');
    expect(await a.file()).toEqual(theirs);
    const offered = (await decisions(a)).filter((decision) => decision.payload.adopts && decision.origin.here);
    expect(offered).toEqual([expect.objectContaining({ status: 'pending', kind: 'blueprint.patch' })]);
    await approveAndRun(a, offered[0].id);
    expect(await a.file()).toEqual(both);
    expect((await a.call('sync.refusals', { limit: 10 })).refusals).toEqual([]);
  });
});
