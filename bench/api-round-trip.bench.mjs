// API round trip over WebSocket: 1,000 sequential fs.read calls of a 1 KiB file.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { apiSocket } from '../scripts/lib/web-host-process.mjs';
import { cleanup, report, startHost, summarize, tempDir } from './lib.mjs';

const CALLS = 1000;
const dir = await tempDir('webnova-bench-rt-');
const root = join(dir, 'project');
await mkdir(root);
await writeFile(join(root, 'one-kib.txt'), `${'x'.repeat(1023)}\n`);
const host = await startHost(root, join(dir, 'data'));
const api = apiSocket(host.url);
const ws = new WebSocket(api.address, api.protocols);
await new Promise((resolve, reject) => {
  ws.once('open', resolve);
  ws.once('error', reject);
});

const waiting = new Map();
ws.on('message', (data) => {
  const reply = JSON.parse(data.toString());
  waiting.get(reply.id)?.(reply);
});
const call = (id) =>
  new Promise((resolve) => {
    waiting.set(id, resolve);
    ws.send(JSON.stringify({ type: 'call', id, method: 'fs.read', params: { path: 'one-kib.txt' } }));
  });

for (let i = 0; i < 50; i++) await call(`warm-${i}`); // warm-up, not counted
const samples = [];
for (let i = 0; i < CALLS; i++) {
  const t0 = performance.now();
  const reply = await call(`r${i}`);
  samples.push(performance.now() - t0);
  if (reply.type !== 'result' || reply.result.content.length !== 1024) throw new Error('bad reply');
}
const stats = summarize(samples);
report('api-round-trip', 'ws_fs_read_1kib_round_trip', 'ms', {
  p50: stats.median,
  p99: stats.p99,
  min: stats.min,
  max: stats.max,
  calls: CALLS,
});
ws.close();
await host.stop();
await cleanup(dir);
