// API round trip over WebSocket: 1,000 sequential fs.read calls of a 1 KiB file. Baseline: the same
// calls to a bare `ws` server in its own process that reads the file and answers
// (baselines/bare-ws-server.mjs), in alternate rounds of 100 calls.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { apiSocket } from '../scripts/lib/web-host-process.mjs';
import { baseline, cleanup, interleaved, report, startBareServer, startHost, summarize, tempDir } from './lib.mjs';

const CALLS = 1000;
const ROUND = 100;
const dir = await tempDir('webnova-bench-rt-');
const root = join(dir, 'project');
await mkdir(root);
await writeFile(join(root, 'one-kib.txt'), `${'x'.repeat(1023)}\n`);

/** A client that calls fs.read on one-kib.txt over the socket and says how long each reply took. */
async function connect(address, protocols) {
  const ws = new WebSocket(address, protocols);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waiting = new Map();
  ws.on('message', (data) => {
    const reply = JSON.parse(data.toString());
    waiting.get(reply.id)?.(reply);
  });
  let sequence = 0;
  const call = () =>
    new Promise((resolve) => {
      const id = `r${++sequence}`;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ type: 'call', id, method: 'fs.read', params: { path: 'one-kib.txt' } }));
    });
  /** `count` calls one after the other; the milliseconds each took. */
  async function roundTrips(count) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const reply = await call();
      samples.push(performance.now() - t0);
      if (reply.type !== 'result' || reply.result.content.length !== 1024) throw new Error('bad reply');
    }
    return samples;
  }
  await roundTrips(50); // warm-up, not counted
  return { roundTrips, close: () => ws.close() };
}

const host = await startHost(root, join(dir, 'data'));
const bare = await startBareServer(root);
try {
  const api = apiSocket(host.url);
  const clients = [await connect(api.address, api.protocols), await connect(bare.address)];
  const [hostRounds, bareRounds] = await interleaved(
    CALLS / ROUND,
    clients.map((client) => () => client.roundTrips(ROUND)),
  );
  for (const client of clients) client.close();
  const { n, ...stats } = summarize(hostRounds.flat());
  report(
    'api-round-trip',
    'ws_fs_read_1kib_round_trip',
    'ms',
    { ...stats, calls: n },
    baseline('bare_ws_server_fs_read_1kib_round_trip', bareRounds.flat()),
  );
} finally {
  await host.stop();
  await bare.stop();
  await cleanup(dir);
}
