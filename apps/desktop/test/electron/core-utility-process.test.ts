import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCoreProcess, startCoreProcess } from '@webnova/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type UtilityChild, utilityCoreChild } from '../../src/main/core-process.js';

/*
 * Electron cannot run here, so a stand-in for its UtilityProcess carries the messages the way Electron
 * does: the parent hears the message itself, the child's parentPort an event with `data`, each side a
 * structured clone. Core runs in this process behind it, through the same loop as in its own process.
 */
class FakeUtility extends EventEmitter implements UtilityChild {
  readonly pid = 4242;
  readonly port = new EventEmitter();
  postMessage(message: unknown): void {
    setImmediate(() => this.port.emit('message', { data: structuredClone(message) }));
  }
  kill(): boolean {
    this.emit('exit', 0);
    return true;
  }
}

let dir: string;

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("core in Electron's utility process", () => {
  it('starts, answers over the port, asks main for the keychain, and closes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'webnova-utility-'));
    const utility = new FakeUtility();
    const running = runCoreProcess({
      post: (message) => setImmediate(() => utility.emit('message', structuredClone(message))),
      listen(listener) {
        const forward = (event: { data: unknown }) => listener(event.data as never);
        utility.port.on('message', forward);
        return () => utility.port.off('message', forward);
      },
    });
    const asked: string[] = [];
    const core = await startCoreProcess(utilityCoreChild(utility), {
      options: { host: 'electron', dataDir: join(dir, 'data'), version: 'test' },
      log: () => {},
      secretCipher: {
        isAvailable: async () => {
          asked.push('isAvailable');
          return false;
        },
        encrypt: async () => Buffer.alloc(0),
        decrypt: async () => '',
      },
    });
    expect(core.pid).toBe(4242);
    expect(await core.dispatch({ type: 'call', id: 'i', method: 'app.info', params: {} })).toMatchObject({
      result: { host: 'electron' },
    });
    expect(await core.dispatch({ type: 'call', id: 's', method: 'ai.status', params: {} })).toMatchObject({
      result: { keyStorage: 'encrypted-file' },
    });
    expect(asked).toContain('isAvailable');
    const closing = core.close();
    await running;
    utility.kill();
    await closing;
  });
});
