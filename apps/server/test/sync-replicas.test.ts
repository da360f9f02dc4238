import { randomBytes } from 'node:crypto';
import { PushResponse, RegisteredDevice } from '@webnova/core/contracts/sync';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, type Database } from '../src/db/database.js';
import { openPostgres } from '../src/db/postgres.js';
import { TestClient } from './support/client.js';
import { openSocket, type TestSocket } from './support/sockets.js';
import { noteEvent, pushCall } from './support/sync.js';
import { listenOnLoopback, OPEN_TIMEOUT_MS, testApp } from './support/test-app.js';
import { buildWorld, type World } from './support/world.js';

const ADMIN_URL = process.env.WEBNOVA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Two server processes' worth of everything (pools, LISTEN connection, poke sockets) on one database,
 * as replicas behind a load balancer: a push that lands on B pokes the devices connected to A.
 */
describe('sync across replicas (PostgreSQL LISTEN/NOTIFY)', () => {
  const name = `webnova_server_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  let dbA: Database;
  let dbB: Database;
  let replicaA: FastifyInstance;
  let replicaB: FastifyInstance;
  let portA: number;
  let world: World;
  const onB = new TestClient(() => replicaB);
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
    const ownerUrl = new URL(ADMIN_URL);
    ownerUrl.pathname = `/${name}`;
    // Replicas migrate with the owner's URL and serve as webnova_app with one fixed password.
    const serving = new URL(ownerUrl);
    serving.username = APP_ROLE;
    serving.password = randomBytes(12).toString('hex');
    dbA = await openPostgres(serving.href, { migrationUrl: ownerUrl.href });
    dbB = await openPostgres(serving.href, { migrationUrl: ownerUrl.href });
    replicaA = testApp(dbA);
    replicaB = testApp(dbB);
    portA = await listenOnLoopback(replicaA);
    await replicaB.ready();
    world = await buildWorld(onB, dbB);
  }, OPEN_TIMEOUT_MS);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await replicaA?.close();
    await replicaB?.close();
    await dbA?.close();
    await dbB?.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  async function register(token: string): Promise<RegisteredDevice> {
    const answer = await onB.call({ method: 'POST', url: '/devices', token, payload: { name: 'laptop' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return RegisteredDevice.parse(answer.body);
  }

  async function pushOnB(device: RegisteredDevice, seq: number): Promise<number> {
    const answer = await onB.call(pushCall(device, [noteEvent(seq, device.userId)]));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const [outcome] = PushResponse.parse(answer.body).outcomes;
    if (outcome?.status !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(outcome)}`);
    return outcome.position;
  }

  /** A poke socket on replica A, authenticated by its first message as a browser's would be. */
  async function pokeSocketOnA(credential: string, how: 'header' | 'firstMessage' = 'firstMessage') {
    const socket = openSocket(`ws://127.0.0.1:${portA}/sync/poke`, credential, how);
    sockets.push(socket);
    return socket;
  }

  /** A new device with a poke socket on replica A that has had its first poke. */
  async function listeningOnA(token: string) {
    const device = await register(token);
    const socket = await pokeSocketOnA(device.credential);
    await socket.next((message) => message.type === 'poke');
    return { device, socket };
  }

  const pokeAt = (position: number) => (message: Record<string, unknown>) =>
    message.type === 'poke' && typeof message.position === 'number' && message.position >= position;

  it('pokes a socket on replica A when a push lands on replica B', async () => {
    const phone = await register(world.a.owner.token);
    const laptop = await register(world.a.owner.token);
    const socket = await pokeSocketOnA(phone.credential);
    // On opening: the log's position now.
    await socket.next((message) => message.type === 'poke');
    const position = await pushOnB(laptop, 1);
    expect(await socket.next(pokeAt(position))).toEqual({ type: 'poke', position });
    // Another tenant's push pokes nobody here.
    const other = await register(world.b.owner.token);
    await pushOnB(other, 1);
    const next = await pushOnB(laptop, 2);
    await socket.next(pokeAt(next));
    expect(socket.messages.every((message) => message.type === 'poke' && (message.position as number) <= next)).toBe(
      true,
    );
  });

  it('takes the credential in a header too, and closes 4401 an unknown one', async () => {
    const device = await register(world.a.member.token);
    const byHeader = await pokeSocketOnA(device.credential, 'header');
    await byHeader.next((message) => message.type === 'poke');
    const unknown = await pokeSocketOnA(`wnd_${device.deviceId}_${'A'.repeat(43)}`);
    expect((await unknown.closed).code).toBe(4401);
    const garbage = await pokeSocketOnA('not a credential');
    expect((await garbage.closed).code).toBe(4401);
  });

  it('closes 4410 the socket on A of a device revoked on B, and refuses it afterwards', async () => {
    const { device, socket } = await listeningOnA(world.a.member.token);
    const revoked = await onB.call({
      method: 'DELETE',
      url: `/devices/${device.deviceId}`,
      token: world.a.member.token,
    });
    expect(revoked.status).toBe(200);
    expect((await socket.closed).code).toBe(4410);
    const again = await pokeSocketOnA(device.credential);
    expect((await again.closed).code).toBe(4410);
  });

  it('closes 4403 the sockets on A of a user suspended on B', async () => {
    const { device, socket } = await listeningOnA(world.a.proposer.token);
    const suspended = await onB.call({
      method: 'PATCH',
      url: `/tenants/${world.a.id}/users/${world.a.proposer.id}`,
      token: world.a.sovereign.token,
      payload: { status: 'SUSPENDED' },
    });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    expect((await socket.closed).code).toBe(4403);
    const again = await pokeSocketOnA(device.credential);
    expect((await again.closed).code).toBe(4403);
  });

  it('listens again after its LISTEN connection is cut, and pokes what it missed', async () => {
    const { device, socket } = await listeningOnA(world.a.sovereign.token);
    const cut = await admin.query(
      `select pg_terminate_backend(pid) as cut from pg_stat_activity
        where datname = $1 and query = 'listen webnova_sync'`,
      [name],
    );
    expect(cut.rows.length).toBe(2);
    // Whether this push's notification is heard or lost with the connection, the socket learns of it.
    const missed = await pushOnB(device, 1);
    await socket.next(pokeAt(missed));
    // And the connection listens again: the next push is heard as it happens.
    await expect
      .poll(async () => {
        const { rows } = await admin.query(
          `select count(*)::int as n from pg_stat_activity where datname = $1 and query = 'listen webnova_sync'`,
          [name],
        );
        return rows[0].n;
      })
      .toBe(2);
    const heard = await pushOnB(device, 2);
    await socket.next(pokeAt(heard));
  });

  it('closes its poke sockets with 1001 when it shuts down, so devices reconnect elsewhere', async () => {
    const { socket } = await listeningOnA(world.a.owner2.token);
    await replicaA.close();
    expect((await socket.closed).code).toBe(1001);
  });
});
