import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, createCore } from '@webnova/core';
import type { IpcBridge } from '@webnova/core/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MainIpc, serveCoreOverIpc } from '../../src/main/core-ipc.js';
import { rendererOrigin } from '../../src/main/policy/app-origin.js';
import type { SenderFrame } from '../../src/main/policy/ipc-sender.js';
import { createBridge, type RendererIpc } from '../../src/preload/bridge.js';

/*
 * The preload's bridge and the main process's IPC handlers, joined by an in-memory stand-in for
 * Electron's IPC (Electron cannot run here): invoke finds the handler registered for the channel
 * or fails as Electron does, and every message is structured-cloned as it crosses.
 */
type Listener = (event: unknown, payload: unknown) => void;

function electronLikeIpc() {
  const handlers = new Map<string, (event: SenderFrame, message: unknown) => Promise<unknown>>();
  const listeners = new Map<string, Set<Listener>>();
  const mainListeners = new Map<string, Set<(event: SenderFrame, message: unknown) => void>>();
  let sender: SenderFrame = { url: 'app://webnova/index.html', isMainFrame: true, isOurWindow: true };
  const stats = { invocations: 0 };
  const main: MainIpc<SenderFrame> = {
    handle: (channel, handler) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel) => handlers.delete(channel),
    on: (channel, listener) => {
      const set = mainListeners.get(channel) ?? new Set();
      set.add(listener);
      mainListeners.set(channel, set);
    },
    removeListener: (channel, listener) => mainListeners.get(channel)?.delete(listener),
  };
  const renderer: RendererIpc = {
    async invoke(channel, message) {
      stats.invocations += 1;
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      return structuredClone(await handler(sender, structuredClone(message)));
    },
    send(channel, message) {
      for (const listener of mainListeners.get(channel) ?? []) listener(sender, structuredClone(message));
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const broadcast = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'main' }, structuredClone(payload));
  };
  return {
    main,
    renderer,
    broadcast,
    stats,
    handlers,
    sendAs: (frame: SenderFrame) => {
      sender = frame;
    },
  };
}

let dataDir: string;
let folder: string;
let core: Core;
let ipc: ReturnType<typeof electronLikeIpc>;
let bridge: IpcBridge;
let stop: () => void;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'webnova-data-'));
  folder = mkdtempSync(join(tmpdir(), 'webnova-folder-'));
  writeFileSync(join(folder, 'README.md'), '# clinic\n');
  core = await createCore({ dataDir, host: 'electron', version: '0.0.0-test' });
  ipc = electronLikeIpc();
  stop = serveCoreOverIpc(core, {
    ipc: ipc.main,
    renderer: rendererOrigin({ isPackaged: true }),
    senderOf: (frame) => frame,
    broadcast: ipc.broadcast,
  });
  bridge = createBridge(ipc.renderer);
});

afterAll(async () => {
  stop();
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
});

const trusted: SenderFrame = { url: 'app://webnova/index.html', isMainFrame: true, isOurWindow: true };

describe('the bridge to core over IPC', () => {
  it('answers app.info with the electron host', async () => {
    const reply = await bridge.call({ type: 'call', id: 'r1', method: 'app.info', params: {} });
    expect(reply).toMatchObject({ type: 'result', id: 'r1', result: { name: 'WebNova', host: 'electron' } });
  });

  it('registers one handler per method of the table and no other', async () => {
    const { methodNames, ipcChannel } = await import('@webnova/core/contracts');
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map((m) => ipcChannel.call(m)).sort());
  });

  it('refuses unknown methods in the preload, without touching IPC', async () => {
    const before = ipc.stats.invocations;
    const reply = await bridge.call({ type: 'call', id: 'r2', method: 'shell.exec', params: { cmd: 'rm -rf /' } });
    expect(reply).toMatchObject({ type: 'error', id: 'r2', error: { code: 'UNKNOWN_METHOD' } });
    const odd = await bridge.call(null as never);
    expect(odd).toMatchObject({ type: 'error', id: null, error: { code: 'UNKNOWN_METHOD' } });
    expect(ipc.stats.invocations).toBe(before);
  });

  it('passes bad input to core, which answers INVALID_INPUT', async () => {
    const reply = await bridge.call({ type: 'call', id: 'r3', method: 'workspace.open', params: { root: 42 } });
    expect(reply).toMatchObject({ type: 'error', id: 'r3', error: { code: 'INVALID_INPUT' } });
  });

  it('runs the method of the channel, whatever the message claims', async () => {
    const handler = ipc.handlers.get('webnova:call:app.info');
    const reply = await handler?.(trusted, { type: 'call', id: 'r4', method: 'workspace.close', params: {} });
    expect(reply).toMatchObject({ type: 'result', id: 'r4', result: { host: 'electron' } });
  });

  it('answers UNAUTHORIZED to anyone but our renderer’s top frame', async () => {
    const strangers: SenderFrame[] = [
      { url: 'http://localhost:3000/', isMainFrame: false, isOurWindow: true },
      { url: 'app://webnova/index.html', isMainFrame: false, isOurWindow: true },
      { url: 'https://example.com/', isMainFrame: true, isOurWindow: true },
      { url: 'app://webnova/index.html', isMainFrame: true, isOurWindow: false },
      { url: null, isMainFrame: true, isOurWindow: true },
    ];
    try {
      for (const stranger of strangers) {
        ipc.sendAs(stranger);
        const reply = await bridge.call({ type: 'call', id: 'r5', method: 'app.info', params: {} });
        expect(reply, JSON.stringify(stranger)).toMatchObject({
          type: 'error',
          id: 'r5',
          error: { code: 'UNAUTHORIZED' },
        });
      }
    } finally {
      ipc.sendAs(trusted);
    }
  });

  it('forwards core events to subscribers, without the IPC event, until they unsubscribe', async () => {
    const seen: unknown[] = [];
    const off = bridge.on('workspace.changed', (payload) => seen.push(payload));
    const opened = await bridge.call({ type: 'call', id: 'r6', method: 'workspace.open', params: { root: folder } });
    expect(opened).toMatchObject({ type: 'result', result: { root: folder } });
    expect(seen).toEqual([{ workspace: { root: folder, name: expect.any(String) } }]);
    off();
    await bridge.call({ type: 'call', id: 'r7', method: 'workspace.close', params: {} });
    expect(seen).toHaveLength(1);
  });

  it('lists the folder’s files through the bridge', async () => {
    await bridge.call({ type: 'call', id: 'r8', method: 'workspace.open', params: { root: folder } });
    const reply = await bridge.call({ type: 'call', id: 'r9', method: 'fs.list', params: { path: '' } });
    expect(reply).toMatchObject({
      type: 'result',
      result: { entries: [expect.objectContaining({ name: 'README.md' })] },
    });
  });

  it('refuses to subscribe to events that are not in the table', () => {
    expect(() => bridge.on('process.output', () => {})).toThrow(/no event "process.output"/);
    expect(() => bridge.on('fs.changed', 'not a function' as never)).toThrow(TypeError);
  });

  it('turns a broken IPC channel into a TRANSPORT error reply', async () => {
    stop();
    try {
      const reply = await bridge.call({ type: 'call', id: 'r10', method: 'app.info', params: {} });
      expect(reply).toMatchObject({ type: 'error', id: 'r10', error: { code: 'TRANSPORT' } });
    } finally {
      stop = serveCoreOverIpc(core, {
        ipc: ipc.main,
        renderer: rendererOrigin({ isPackaged: true }),
        senderOf: (frame) => frame,
        broadcast: ipc.broadcast,
      });
    }
  });
});
