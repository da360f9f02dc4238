import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import clinic from '../../../packages/core/samples/clinic-appointments.blueprint.json' with { type: 'json' };
import { diffBlueprints } from '../../../packages/core/src/blueprint/diff.js';
import { normalizeBlueprint, serializeBlueprint } from '../../../packages/core/src/blueprint/normalize.js';
import type { Blueprint } from '../../../packages/core/src/contracts/blueprint.js';
import { postgresTestDatabase } from './support/databases.js';
// Two of the desktop's whole cores, as they ship, on two data folders: two devices of two owners.
import { type DesktopDevice, desktopDevice, EVERY_STATE, type Loose } from './support/desktop-device.js';
import { listeningWorld } from './support/test-app.js';

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

type Device = DesktopDevice & { file(): Promise<Blueprint> };

describe('a Blueprint patched on two devices from the same version, through the server', () => {
  const suite = listeningWorld(postgresTestDatabase);
  let a: Device;
  let b: Device;

  const device = async (name: string): Promise<Device> => {
    // The same project on both computers, as git brings it: its Blueprint and its key.
    const on = await desktopDevice(name, async (project) => {
      await writeFile(join(project, FILE), serializeBlueprint(base));
      await mkdir(join(project, '.webnova'));
      await writeFile(join(project, '.webnova/project.json'), JSON.stringify({ id: PROJECT_KEY }));
    });
    return { ...on, file: async () => JSON.parse(await readFile(join(on.project, FILE), 'utf8')) };
  };

  const decisions = async (on: Device): Promise<Loose[]> =>
    (await on.call('governance.list', { status: EVERY_STATE })).decisions;

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
    await a.signIn(suite.world.a.owner, 'Desk A', suite.port);
    await b.signIn(suite.world.a.owner2, 'Laptop B', suite.port);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
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
