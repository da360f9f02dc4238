import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { apiSocket, startWebHostProcess } from '../../../../scripts/lib/web-host-process.mjs';

export interface RunningHost {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** What the host wrote to stderr so far (its JSON log lines). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `webnova serve-web` on a free loopback port with its own data folder. */
export async function startHost(folder?: string, dataDir?: string): Promise<RunningHost> {
  const data = dataDir ?? (await mkdtemp(join(tmpdir(), 'webnova-e2e-data-')));
  // The host's core holds every answer to its method's output schema, as in the unit tests.
  const host = await startWebHostProcess({
    folder,
    dataDir: data,
    args: ['--port', '0'],
    env: { WEBNOVA_CHECK_ANSWERS: '1' },
  });
  return {
    url: host.url,
    dataDir: data,
    process: host.process,
    stderr: host.stderr,
    async stop() {
      await host.stop();
      if (!dataDir) await rm(data, { recursive: true, force: true });
    },
  };
}

/**
 * One call to the core API over the host's WebSocket, as any client outside the page would make it
 * (tests use it to seed state: switch language and theme, propose a decision as an agent).
 */
export async function callCore(host: RunningHost, method: string, params: Record<string, unknown>): Promise<unknown> {
  const api = apiSocket(host.url);
  const socket = new WebSocket(api.address, api.protocols);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  try {
    const reply = await new Promise<{ type: string; result?: unknown; error?: unknown }>((resolve) => {
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.id === 'e2e') resolve(message);
      });
      socket.send(JSON.stringify({ type: 'call', id: 'e2e', method, params }));
    });
    if (reply.type !== 'result') throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
    return reply.result;
  } finally {
    socket.close();
  }
}
