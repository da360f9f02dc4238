import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The desktop's whole core, as it ships, on its own data folder: one device in a test against the server.
import { type Core, createCore } from '../../../../packages/core/src/api/core.js';
import { DecisionStatus } from '../../../../packages/core/src/contracts/governance.js';
import { passwordOf } from './client.js';
import type { Person } from './world.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in assertions.
export type Loose = any;

export interface DesktopDevice {
  core: Core;
  dataDir: string;
  project: string;
  /** Every event core emitted, in order. */
  events: { name: string; payload: Loose }[];
  /** Calls core's API as the window does; a refusal throws with its error. */
  call(method: string, params?: unknown): Promise<Loose>;
  /** Signs in through `port` (the server's, or a link in front of it). */
  signIn(person: Person, deviceName: string, port: number): Promise<Loose>;
  /** A decision in any state, as this device's Inbox knows it. */
  decision(id: string): Promise<Loose>;
  close(): Promise<void>;
}

/** Every state a decision can be in, for `governance.list`. */
export const EVERY_STATE = DecisionStatus.options;

/** A core on a new data folder with its project open; `prepare` fills the project before it opens. */
export async function desktopDevice(
  name: string,
  prepare: (project: string) => Promise<void> = async () => {},
): Promise<DesktopDevice> {
  const dataDir = await mkdtemp(join(tmpdir(), `webnova-sync-${name}-`));
  const project = await realpath(await mkdtemp(join(tmpdir(), `webnova-sync-${name}-project-`)));
  await prepare(project);
  const core = await createCore({
    dataDir,
    host: 'web',
    version: 'test',
    log: (level, message, fields) => {
      if (level === 'error') console.error(name, message, fields);
    },
  });
  const events: DesktopDevice['events'] = [];
  core.subscribe((event, payload) => events.push({ name: event, payload }));
  await core.openWorkspace(project);
  const call = async (method: string, params: unknown = {}) => {
    const reply = (await core.dispatch({ type: 'call', id: 'test', method, params })) as Loose;
    if (reply.type !== 'result') throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  };
  return {
    core,
    dataDir,
    project,
    events,
    call,
    signIn: (person, deviceName, port) =>
      call('sync.signIn', {
        server: `http://127.0.0.1:${port}`,
        email: person.email,
        password: passwordOf(person.email),
        deviceName,
      }),
    decision: async (id) =>
      (await call('governance.list', { status: EVERY_STATE })).decisions.find((decision: Loose) => decision.id === id),
    close: async () => {
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(project, { recursive: true, force: true });
    },
  };
}
