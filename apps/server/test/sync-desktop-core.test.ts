import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The desktop's whole core, as it ships: signing in, its outbox, its engine, through its own API.
import { type Core, createCore } from '../../../packages/core/src/api/core.js';
import { passwordOf } from './support/client.js';
import { postgresTestDatabase } from './support/databases.js';
import { listeningWorld } from './support/test-app.js';
import type { World } from './support/world.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions.
type Loose = any;

describe("the desktop's core syncing with the server", () => {
  const suite = listeningWorld(postgresTestDatabase);
  let world: World;
  let core: Core;
  let dataDir: string;
  let project: string;
  const statuses: Loose[] = [];

  const call = async (method: string, params: unknown = {}): Promise<Loose> => {
    const reply = (await core.dispatch({ type: 'call', id: 'test', method, params })) as Loose;
    if (reply.type !== 'result') throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  };

  beforeAll(async () => {
    world = suite.world;
    dataDir = await mkdtemp(join(tmpdir(), 'webnova-sync-core-'));
    project = await realpath(await mkdtemp(join(tmpdir(), 'webnova-sync-project-')));
    await writeFile(join(project, 'notes.ts'), 'old\n');
    core = await createCore({ dataDir, host: 'web', version: 'test' });
    core.subscribe((event, payload) => {
      if (event === 'sync.changed') statuses.push(payload);
    });
    await core.openWorkspace(project);
  });

  afterAll(async () => {
    await core?.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });

  it('works signed out, then signs in and pushes what it recorded before as that user’s history', async () => {
    expect(await call('sync.status')).toMatchObject({ state: 'signed-out', account: null });
    const proposed = await call('governance.propose', {
      kind: 'file.write',
      payload: { path: 'notes.ts', content: 'new\n' },
      rationale: 'Update the notes.',
    });
    expect(proposed).toMatchObject({ outcome: 'pending' });

    const signedIn = await call('sync.signIn', {
      server: `http://127.0.0.1:${suite.port}`,
      email: world.a.owner.email,
      password: passwordOf(world.a.owner.email),
      deviceName: 'Desk in the clinic',
    });
    expect(signedIn.account).toMatchObject({ email: world.a.owner.email, tenantId: world.a.id, role: 'owner' });

    const synced = await call('sync.now', {});
    expect(synced).toMatchObject({ waiting: 0, problem: null });
    const refusals = (await call('sync.refusals', { limit: 50 })).refusals;
    expect(refusals).toEqual([]);
    expect(synced.refused).toBe(0);
    expect(synced.state).toBe('synced');
    expect(synced.cursor).toBeGreaterThan(0);

    // The server holds the proposal, in the tenant's log and as a decision the HTTP routes see.
    const pulled = await suite.client.call({
      method: 'GET',
      url: '/sync/pull?after=0',
      token: world.a.owner.token,
    });
    expect(pulled.status).not.toBe(200); // a login session is not a device: pull is for devices only
    const decision = await suite.client.call({
      method: 'GET',
      url: `/tenants/${world.a.id}/decisions/${proposed.decision.id}`,
      token: world.a.owner.token,
    });
    expect(decision).toMatchObject({ status: 200, body: { id: proposed.decision.id, status: 'pending' } });
  });

  it('lists the devices the user may see, this one among them, with whose they are', async () => {
    const status = await call('sync.status');
    const { devices } = await call('sync.devices');
    expect(devices).toContainEqual(
      expect.objectContaining({
        deviceId: status.account.deviceId,
        name: 'Desk in the clinic',
        userEmail: world.a.owner.email,
        revokedAt: null,
      }),
    );
  });

  it('stops, and says so, when the server revokes this device; local records stay', async () => {
    const status = await call('sync.status');
    const revoked = await suite.client.call({
      method: 'DELETE',
      url: `/devices/${status.account.deviceId}`,
      token: world.a.owner.token,
    });
    expect(revoked.status).toBeLessThan(300);
    const after = await call('sync.now', {}).catch((error: Error) => error);
    const now = await call('sync.status');
    expect(now.state).toBe('stopped');
    expect(now.problem).toMatch(/revoked/i);
    const listing = (await core.dispatch({ type: 'call', id: 'list', method: 'sync.devices', params: {} })) as Loose;
    expect(listing).toMatchObject({ type: 'error', error: { code: 'PERMISSION_DENIED' } });
    expect(after).toBeDefined();
    expect((await call('governance.list', {})).decisions).toHaveLength(1);
  });
});
