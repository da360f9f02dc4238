import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, createCore } from '@webnova/core';
import { LOCAL_OWNER } from '@webnova/core/contracts';
import { type CoreClient, createCoreClient } from '../../src/client';
import { connectFeatures } from '../../src/features';

export interface TestCore {
  core: Core;
  client: CoreClient;
  /** A fresh folder to open as the workspace. */
  root: string;
  /** Every event core sent, in order. */
  events: { event: string; payload: unknown }[];
  close(): Promise<void>;
}

const never = (): never => {
  throw new Error('a call always has an answer');
};

/**
 * The real WebNova core, in this process, reached through the same CoreClient the UI uses; the
 * transport is a direct function call instead of IPC or a socket.
 */
export async function startTestCore(): Promise<TestCore> {
  const dir = await mkdtemp(join(tmpdir(), 'webnova-ui-'));
  const root = join(dir, 'project');
  await mkdir(root);
  const core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: 'test' });
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const events: TestCore['events'] = [];
  core.subscribe((event, payload) => {
    events.push({ event, payload });
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
  const connection = core.connect({ transport: 'in-process', actor: LOCAL_OWNER });
  const client = createCoreClient({
    send: async (message) => (await connection.dispatch(message)) ?? never(),
    cancel: (id) => void connection.dispatch({ type: 'cancel', id }),
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  const disconnect = connectFeatures(client);
  return {
    core,
    client,
    root,
    events,
    async close() {
      disconnect();
      connection.close();
      await core.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
