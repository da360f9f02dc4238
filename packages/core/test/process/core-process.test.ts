import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { forkCoreProcess, type RemoteCore, startCoreProcess } from '../../src/process/core-client.js';
import type { SecretCipher } from '../../src/settings/sealed-secret.js';

const entry = fileURLToPath(new URL('./core-child.ts', import.meta.url));
let dir: string;
let core: RemoteCore | null = null;

async function start(extra: { secretCipher?: SecretCipher; onUnexpectedExit?: (code: number | null) => void } = {}) {
  dir = await mkdtemp(join(tmpdir(), 'webnova-core-process-'));
  const child = forkCoreProcess(entry, ['--import', 'tsx']);
  const logs: string[] = [];
  core = await startCoreProcess(child, {
    options: { dataDir: join(dir, 'data'), host: 'web', version: 'test', checkAnswers: true },
    log: (level, message) => logs.push(`${level} ${message}`),
    ...extra,
  });
  return { child, logs, core };
}

afterEach(async () => {
  await core?.close();
  core = null;
  await rm(dir, { recursive: true, force: true });
});

describe('core in its own process', () => {
  it('answers calls on each connection, forwards events, and stops when closed', async () => {
    const { child, core } = await start();
    expect(child.pid).toBeDefined();
    expect(child.pid).not.toBe(process.pid);
    const events: string[] = [];
    core.subscribe((event) => events.push(event));
    const window = core.connect({ transport: 'websocket', actor: { kind: 'user', id: 'owner' } });
    expect(await window.dispatch({ type: 'call', id: 'a', method: 'app.info', params: {} })).toMatchObject({
      type: 'result',
      id: 'a',
      result: { name: 'WebNova', host: 'web' },
    });
    expect(
      await window.dispatch({ type: 'call', id: 'b', method: 'settings.update', params: { theme: 'light' } }),
    ).toMatchObject({ type: 'result' });
    expect(events).toContain('settings.changed');
    expect(await window.dispatch({ type: 'call', method: 'app.info' })).toMatchObject({
      type: 'error',
      id: null,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await window.dispatch({ type: 'cancel', id: 'nothing-running' })).toBeNull();
    window.close();
    expect(await window.dispatch({ type: 'call', id: 'c', method: 'app.info', params: {} })).toMatchObject({
      error: { code: 'CANCELLED' },
    });
    await core.close();
    expect(await child.exited).toBe(0);
  });

  it("asks the host's keychain for core's secrets", async () => {
    const asked: string[] = [];
    const keychain: SecretCipher = {
      async isAvailable() {
        asked.push('isAvailable');
        return true;
      },
      async encrypt(plain) {
        asked.push('encrypt');
        return Buffer.from(`sealed:${plain}`);
      },
      async decrypt(sealed) {
        asked.push('decrypt');
        return sealed.toString().slice('sealed:'.length);
      },
    };
    const { core } = await start({ secretCipher: keychain });
    const status = await core.dispatch({
      type: 'call',
      id: 'k',
      method: 'ai.setKey',
      params: { key: 'sk-ant-test-key-through-the-port' },
    });
    expect(status).toMatchObject({
      type: 'result',
      result: { keySet: true, keySource: 'stored', keyStorage: 'os-keychain' },
    });
    expect(asked).toContain('encrypt');
  });

  it('answers the calls in flight and tells the host when core dies', async () => {
    let exitCode: number | null | undefined;
    const { child, core } = await start({ onUnexpectedExit: (code) => (exitCode = code) });
    child.kill();
    await child.exited;
    expect(exitCode).toBeNull();
    expect(await core.dispatch({ type: 'call', id: 'late', method: 'app.info', params: {} })).toMatchObject({
      id: 'late',
      error: { code: 'INTERNAL' },
    });
  });
});
