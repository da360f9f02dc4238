import { beforeAll, describe, expect, it } from 'vitest';
// The desktop's own client, as it ships (packages/core/src/sync): the server must speak what it speaks.
import { openPokeSocket } from '../../../packages/core/src/sync/poke-socket.js';
import { SyncFailure, SyncServerClient } from '../../../packages/core/src/sync/server-client.js';
import { passwordOf } from './support/client.js';
import { postgresTestDatabase } from './support/databases.js';
import { noteEvent } from './support/sync.js';
import { listeningWorld } from './support/test-app.js';
import type { Person, World } from './support/world.js';

describe("the desktop's sync client against the server", () => {
  const suite = listeningWorld(postgresTestDatabase);
  const { client } = suite;
  let world: World;
  let desktop: SyncServerClient;

  beforeAll(() => {
    world = suite.world;
    desktop = new SyncServerClient(`http://127.0.0.1:${suite.port}`);
  });

  const signIn = (person: Person) =>
    desktop.registerDevice({ email: person.email, password: passwordOf(person.email), deviceName: 'desk' });

  /** What the desktop's poke socket reports, as promises a test can wait for. */
  function pokes(origin: string, credential: string) {
    const positions: number[] = [];
    let wake: (() => void) | null = null;
    let closedWith: (refused: string | null) => void = () => undefined;
    const closed = new Promise<string | null>((resolve) => {
      closedWith = resolve;
    });
    const socket = openPokeSocket(origin, credential, {
      poke: (position) => {
        positions.push(position);
        wake?.();
      },
      closed: (refused) => closedWith(refused),
    });
    const reached = (position: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (positions.some((seen) => seen >= position)) resolve();
          else wake = check;
        };
        check();
      });
    return { socket, closed, reached };
  }

  it('signs in, pushes, is poked and pulls, as the desktop does', async () => {
    const device = await signIn(world.a.owner);
    expect(device).toMatchObject({ userId: world.a.owner.id, tenantId: world.a.id, role: 'owner' });
    const listening = pokes(desktop.origin, device.credential);
    try {
      await listening.reached(0);
      const pushed = await desktop.push(device.credential, {
        deviceId: device.deviceId,
        events: [noteEvent(1, device.userId), noteEvent(2, device.userId)],
      });
      expect(pushed.lastSeq).toBe(2);
      const last = pushed.outcomes.at(-1);
      if (last?.status !== 'accepted') throw new Error(JSON.stringify(pushed));
      await listening.reached(last.position);
      const pulled = await desktop.pull(device.credential, last.position - 2);
      expect(pulled.events.map((event) => event.seq)).toEqual([1, 2]);
    } finally {
      listening.socket.close();
    }
  });

  it('hears a gap as SEQ_GAP with the lastSeq the engine resends from', async () => {
    const device = await signIn(world.a.sovereign);
    const failure = await desktop
      .push(device.credential, { deviceId: device.deviceId, events: [noteEvent(3, device.userId)] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SyncFailure);
    expect((failure as SyncFailure).problem).toMatchObject({ status: 409, code: 'SEQ_GAP', details: { lastSeq: 0 } });
  });

  it('stops for a revoked device: the pull says revoked, the poke socket closes as revoked', async () => {
    const device = await signIn(world.a.member);
    const listening = pokes(desktop.origin, device.credential);
    await listening.reached(0);
    const revoked = await client.call({
      method: 'DELETE',
      url: `/devices/${device.deviceId}`,
      token: world.a.member.token,
    });
    expect(revoked.status).toBe(200);
    expect(await listening.closed).toBe('revoked');
    const failure = await desktop.pull(device.credential, 0).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'revoked' });
    const unknown = await desktop.pull(`wnd_${device.deviceId}_${'A'.repeat(43)}`, 0).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ kind: 'unauthorized' });
    const refused = pokes(desktop.origin, 'not a credential');
    expect(await refused.closed).toBe('unauthorized');
  });
});
