import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../packages/core/test/support/until.js';
import { type CuttableLink, cuttableLink } from '../../../scripts/lib/cuttable-link.mjs';
import { postgresTestDatabase } from './support/databases.js';
// Two of the desktop's whole cores, as they ship, on two data folders: two devices of two owners.
import { type DesktopDevice as Device, desktopDevice, type Loose } from './support/desktop-device.js';
import { listeningWorld } from './support/test-app.js';
import type { Person, World } from './support/world.js';

describe('approvals from any device: two desktops of two owners on one server', () => {
  const suite = listeningWorld(postgresTestDatabase);
  let world: World;
  let a: Device;
  let b: Device;
  /** B reaches the server through this, so the test can take B offline. */
  let bLink: CuttableLink;

  const device = (name: string) => desktopDevice(name, (project) => writeFile(join(project, 'notes.ts'), 'old\n'));
  const signIn = (on: Device, person: Person, deviceName: string, port = suite.port) =>
    on.signIn(person, deviceName, port);
  const decisionOn = (on: Device, id: string): Promise<Loose> => on.decision(id);

  beforeAll(async () => {
    world = suite.world;
    a = await device('a');
    b = await device('b');
    await signIn(a, world.a.owner, 'Desk A');
    bLink = await cuttableLink(suite.port);
    await signIn(b, world.a.owner2, 'Laptop B', bLink.port);
    // A's owner asks for two owners on every file write: the tenant's constitution, once pushed.
    const { constitution } = await a.call('governance.constitution');
    await a.call('governance.updateConstitution', {
      baseVersion: constitution.version,
      rules: [
        { id: 'two-owners-for-writes', kind: 'file.write', effect: 'require-approval', approval: { quorum: 2 } },
        ...constitution.rules,
      ],
    });
    await a.call('sync.now');
  });

  afterAll(async () => {
    await bLink?.close();
    await a?.close();
    await b?.close();
  });

  it("takes the tenant's constitution from the owner who changed it", async () => {
    await b.call('sync.now');
    const { constitution } = await b.call('governance.constitution');
    expect(constitution.rules[0]).toMatchObject({ id: 'two-owners-for-writes' });
  });

  it('shows a proposal made on A in B’s Inbox, from A, and runs it on A once, after B approves', async () => {
    const proposed = await a.call('governance.propose', {
      kind: 'file.write',
      payload: { path: 'notes.ts', content: 'new\n' },
      rationale: 'Update the notes.',
    });
    expect(proposed).toMatchObject({ outcome: 'pending', decision: { quorum: 2 } });
    const id = proposed.decision.id;
    await a.call('sync.now');

    // B pulls: the decision waits in B's Inbox, marked as another device's.
    await b.call('sync.now');
    const seen = await decisionOn(b, id);
    expect(seen).toMatchObject({ status: 'pending', kind: 'file.write', origin: { here: false } });
    expect(seen.origin.deviceId).toBe((await a.call('sync.status')).account.deviceId);
    expect(
      b.events.some((e) => e.name === 'governance.changed' && e.payload.decisionId === id && e.payload.newPending),
    ).toBe(true);

    // A's owner approves on A: one of two, so it waits (an endorsement the server counts).
    expect(await a.call('governance.approve', { id, comment: 'mine' })).toMatchObject({ status: 'pending' });
    await a.call('sync.now');
    expect(await readFile(join(a.project, 'notes.ts'), 'utf8')).toBe('old\n');

    // B approves while offline: on B it waits for the server, whose count it completes when B is back.
    bLink.cut();
    expect(await b.call('governance.approve', { id, comment: 'second' })).toMatchObject({ status: 'pending' });
    const offline = await b.call('sync.now');
    // The approval and its audit entry wait.
    expect(offline).toMatchObject({ state: 'offline', waiting: 2 });
    bLink.restore();
    await b.call('sync.now');
    const onServer = await suite.client.call({
      method: 'GET',
      url: `/tenants/${world.a.id}/decisions/${id}`,
      token: world.a.owner.token,
    });
    expect(onServer.body).toMatchObject({ status: 'approved' });
    expect(await decisionOn(b, id)).toMatchObject({ status: 'approved' });

    // A pulls, and runs it: once, with a notice.
    await a.call('sync.now');
    await until(async () => (await decisionOn(a, id))?.status === 'executed');
    expect(await readFile(join(a.project, 'notes.ts'), 'utf8')).toBe('new\n');
    expect(a.events.some((e) => e.payload?.notice?.code === 'DECISION_RAN_AFTER_SYNC')).toBe(true);

    // The run syncs back; B never ran it (its project is untouched).
    await a.call('sync.now');
    await b.call('sync.now');
    expect(await decisionOn(b, id)).toMatchObject({ status: 'executed' });
    expect(await readFile(join(b.project, 'notes.ts'), 'utf8')).toBe('old\n');
    const serverNow = await suite.client.call({
      method: 'GET',
      url: `/tenants/${world.a.id}/decisions/${id}`,
      token: world.a.owner.token,
    });
    expect(serverNow.body).toMatchObject({ status: 'executed' });

    // Pulling again, or restarting A, runs nothing twice.
    await a.call('sync.now');
    const steps = (await a.call('governance.get', { id })).decision ?? (await decisionOn(a, id));
    expect(steps.status).toBe('executed');
    expect(await a.call('sync.refusals', { limit: 50 })).toEqual({ refusals: [] });
    expect(await b.call('sync.refusals', { limit: 50 })).toEqual({ refusals: [] });
  });

  it("undoes a member's offline change to the constitution when the server refuses it, and says why", async () => {
    const c = await device('c');
    try {
      await signIn(c, world.a.member, 'Member laptop');
      await c.call('sync.now');
      const { constitution } = await c.call('governance.constitution');
      expect(constitution.rules[0]).toMatchObject({ id: 'two-owners-for-writes' });
      // On their own desktop the member may edit; the tenant's constitution is the owners' to change.
      await c.call('governance.updateConstitution', {
        baseVersion: constitution.version,
        rules: constitution.rules.slice(1),
      });
      expect((await c.call('governance.constitution')).constitution.rules[0].id).not.toBe('two-owners-for-writes');
      await c.call('sync.now');
      expect((await c.call('governance.constitution')).constitution.rules[0]).toMatchObject({
        id: 'two-owners-for-writes',
      });
      const told = c.events.find((e) => e.payload?.notice?.code === 'SYNC_CONSTITUTION_REFUSED');
      expect(told?.payload.notice.params.reason).toMatch(/owners/);
      expect((await c.call('sync.refusals', { limit: 5 })).refusals[0]).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await c.close();
    }
  });

  it('refuses the second of two owners’ changes made on the same version, and the loser sees the winner’s', async () => {
    await a.call('sync.now');
    await b.call('sync.now');
    const base = (await a.call('governance.constitution')).constitution;
    const rule = (id: string) => ({ id, kind: 'secret.read', effect: 'forbid' });
    // B is offline while both change the same version.
    bLink.cut();
    await b.call('governance.updateConstitution', {
      baseVersion: base.version,
      rules: [rule('b-second'), ...base.rules],
    });
    await a.call('governance.updateConstitution', {
      baseVersion: base.version,
      rules: [rule('a-first'), ...base.rules],
    });
    await a.call('sync.now');
    bLink.restore();
    await b.call('sync.now');
    const onB = (await b.call('governance.constitution')).constitution;
    expect(onB.rules[0]).toMatchObject({ id: 'a-first' });
    expect(onB.rules.some((r: Loose) => r.id === 'b-second')).toBe(false);
    expect(b.events.some((e) => e.payload?.notice?.code === 'SYNC_CONSTITUTION_REFUSED')).toBe(true);
    expect((await b.call('sync.refusals', { limit: 5 })).refusals[0]).toMatchObject({ code: 'CONFLICT' });
    // Built on what it now holds, B's change goes through.
    await b.call('governance.updateConstitution', {
      baseVersion: onB.version,
      rules: [rule('b-second'), ...onB.rules],
    });
    await b.call('sync.now');
    await a.call('sync.now');
    expect((await a.call('governance.constitution')).constitution.rules[0]).toMatchObject({ id: 'b-second' });
  });

  it('re-checks an approval made offline: one for a decision rejected meanwhile comes back refused, with why', async () => {
    const proposed = await a.call('governance.propose', {
      kind: 'file.write',
      payload: { path: 'notes.ts', content: 'late\n' },
      rationale: 'Rewrite the notes.',
    });
    const id = proposed.decision.id;
    await a.call('sync.now');
    await b.call('sync.now');
    bLink.cut();
    await b.call('governance.approve', { id, comment: 'yes, from the train' });
    await a.call('governance.reject', { id, comment: 'no' });
    await a.call('sync.now');
    bLink.restore();
    await b.call('sync.now');
    expect(await decisionOn(b, id)).toMatchObject({ status: 'rejected' });
    const told = b.events.find((e) => e.payload?.decisionId === id && e.payload?.notice?.code === 'SYNC_STEP_REFUSED');
    expect(told?.payload.notice.params).toMatchObject({
      step: 'decision.endorsed',
      reason: expect.stringMatching(/rejected/),
    });
    expect(await a.call('governance.list', {})).toMatchObject({
      decisions: expect.not.arrayContaining([expect.objectContaining({ id })]),
    });
  });

  it('a decision rejected on B is rejected on A and never runs', async () => {
    const proposed = await a.call('governance.propose', {
      kind: 'file.write',
      payload: { path: 'notes.ts', content: 'rejected\n' },
      rationale: 'Overwrite the notes.',
    });
    const id = proposed.decision.id;
    await a.call('sync.now');
    await b.call('sync.now');
    await b.call('governance.reject', { id, comment: 'no' });
    await b.call('sync.now');
    await a.call('sync.now');
    expect(await decisionOn(a, id)).toMatchObject({ status: 'rejected' });
    expect(await readFile(join(a.project, 'notes.ts'), 'utf8')).not.toBe('rejected\n');
  });
});
