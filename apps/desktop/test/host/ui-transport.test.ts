// The UI's own WebSocket transport (packages/ui) against a real web host: a refused token must
// end in the `unauthorized` state, plainly, and not in endless retries.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, createCore } from '@webnova/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { TransportStatus } from '../../../../packages/ui/src/client/transport.js';
import { createWebSocketTransport } from '../../../../packages/ui/src/client/websocket-transport.js';
import { startWebHost, type WebHost } from '../../src/host/web-host.js';
import { tokenRefused } from '../../src/renderer/web-token.js';
import { API_PATH, apiProtocols } from '../../src/shared/access-protocol.js';

const token = 'ui-transport-token-0123456789';
let dir: string;
let core: Core;
let host: WebHost;

beforeAll(async () => {
  // Node 20 has no WebSocket global; ws speaks the same browser API (onopen, onclose, onmessage).
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  dir = await mkdtemp(join(tmpdir(), 'webnova-ui-transport-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
  core = await createCore({ dataDir: join(dir, 'data'), host: 'web', version: '0.0.0-test' });
  host = await startWebHost({ core, rendererDir: dir, host: '127.0.0.1', port: 0, token });
});

afterAll(async () => {
  await host?.close();
  await core?.close();
  await rm(dir, { recursive: true, force: true });
});

function transportWith(given: string) {
  const transport = createWebSocketTransport(`ws://127.0.0.1:${host.port}${API_PATH}`, {
    protocols: apiProtocols(given),
    isRefused: () => tokenRefused(given, host.origin),
  });
  const statuses: TransportStatus[] = [];
  const reached = (wanted: TransportStatus) =>
    new Promise<void>((resolve) => {
      transport.onStatus?.((status) => {
        statuses.push(status);
        if (status === wanted) resolve();
      });
    });
  return { transport, statuses, reached };
}

describe('the UI transport against the web host', () => {
  it('connects with the token and answers calls', async () => {
    const { transport, reached } = transportWith(token);
    await reached('connected');
    expect(await transport.send({ type: 'call', id: 'a', method: 'app.info', params: {} })).toMatchObject({
      type: 'result',
      result: { host: 'web' },
    });
  });

  it('learns that a wrong token is refused, stops, and answers every call UNAUTHORIZED', async () => {
    const { transport, statuses, reached } = transportWith('wrong-token-0123456789abc');
    const pending = transport.send({ type: 'call', id: 'b', method: 'app.info', params: {} });
    await reached('unauthorized');
    expect(await pending).toMatchObject({ type: 'error', error: { code: 'UNAUTHORIZED' } });
    expect(await transport.send({ type: 'call', id: 'c', method: 'app.info', params: {} })).toMatchObject({
      error: { code: 'UNAUTHORIZED' },
    });
    // It tried once: connecting, the failed socket, then the final state.
    expect(statuses.filter((status) => status === 'connecting')).toHaveLength(1);
  });
});
