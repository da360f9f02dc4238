// Terminal throughput and memory: `cat` of a 50 MB file through core's terminal.data stream (in
// process, and over the web host's WebSocket with a client that acknowledges what it receives),
// and the memory high-water while `yes` floods a terminal for 5 s. Medians of 3 runs. The throughputs'
// baseline is the same `cat` read straight from node-pty, in the same rounds.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import WebSocket from 'ws';
import { apiSocket } from '../scripts/lib/web-host-process.mjs';
import { baseline, cleanup, interleaved, report, startHost, summarize, tempDir } from './lib.mjs';

const RUNS = 3;
const FILE_MB = 50;
const FLOOD_MS = 5000;
const { Terminals } = await tsImport('../packages/core/src/runtime/terminal/terminals.ts', import.meta.url);

const dir = await tempDir('webnova-bench-terminal-');
const bigFile = join(dir, 'big.txt');
const line = `${'0123456789abcdefghijklmnopqrstuvwxyz'.repeat(2).slice(0, 71)}\n`;
await writeFile(bigFile, line.repeat(Math.ceil((FILE_MB * 1_000_000) / line.length)));
const fileBytes = Math.ceil((FILE_MB * 1_000_000) / line.length) * line.length;
const shell = { file: '/bin/bash', args: ['--norc', '--noprofile'] };
const env = { ...process.env, PS1: '$ ' };
const DONE = /BENCH-DONE/;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Terminals set whose client acknowledges each chunk as it arrives (after `ackDelayMs`). */
function inProcessTerminals(onData, ackDelayMs = 0) {
  let terminals;
  terminals = new Terminals(
    {
      data(id, _offset, data) {
        onData(data);
        const ack = () => terminals.ack(id, data.length);
        if (ackDelayMs > 0) setTimeout(ack, ackDelayMs);
        else queueMicrotask(ack);
      },
      exited() {},
      changed() {},
    },
    { shell, env },
  );
  return terminals;
}

async function catInProcess() {
  let done = null;
  let tail = '';
  const terminals = inProcessTerminals((data) => {
    tail = (tail + data).slice(-64);
    if (DONE.test(tail)) done?.();
  });
  const { id } = await terminals.create({ cwd: dir, cols: 120, rows: 30 });
  await sleep(300);
  const finished = new Promise((resolve) => {
    done = resolve;
  });
  const t0 = performance.now();
  terminals.write(id, `cat ${bigFile}; echo BENCH-""DONE\r`);
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await terminals.closeAll();
  return fileBytes / 1e6 / seconds;
}

/** The same `cat` read straight from node-pty, without batching, scrollback or flow control: the ceiling. */
async function catRawPty() {
  const { spawn } = await import('node-pty');
  const pty = spawn(shell.file, shell.args, { cols: 120, rows: 30, cwd: dir, env });
  await sleep(300);
  let tail = '';
  const finished = new Promise((resolve) =>
    pty.onData((data) => {
      tail = (tail + data).slice(-64);
      if (DONE.test(tail)) resolve();
    }),
  );
  const t0 = performance.now();
  pty.write(`cat ${bigFile}; echo BENCH-""DONE\r`);
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  pty.kill();
  return fileBytes / 1e6 / seconds;
}

async function floodInProcess() {
  // The client takes 20 ms to "render" each chunk: slower than the flood, as a browser would be.
  const terminals = inProcessTerminals(() => {}, 20);
  const { id } = await terminals.create({ cwd: dir, cols: 120, rows: 30 });
  await sleep(300);
  global.gc?.();
  const base = process.memoryUsage();
  let heap = 0;
  let rss = 0;
  terminals.write(id, 'yes\r');
  const until = performance.now() + FLOOD_MS;
  while (performance.now() < until) {
    const now = process.memoryUsage();
    heap = Math.max(heap, now.heapUsed - base.heapUsed);
    rss = Math.max(rss, now.rss - base.rss);
    await sleep(20);
  }
  await terminals.closeAll();
  return { heapMb: heap / 1e6, rssMb: rss / 1e6 };
}

/** A WebSocket client of the web host that acknowledges every terminal.data chunk it receives. */
async function connect(host) {
  const api = apiSocket(host.url);
  const ws = new WebSocket(api.address, api.protocols, { maxPayload: 64 << 20 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waiting = new Map();
  const listeners = new Set();
  let sequence = 0;
  ws.on('message', (raw) => {
    const message = JSON.parse(raw.toString());
    if (message.type === 'event') for (const listener of listeners) listener(message);
    else waiting.get(message.id)?.(message);
  });
  const call = (method, params) =>
    new Promise((resolve, reject) => {
      const id = `b${++sequence}`;
      waiting.set(id, (reply) =>
        reply.type === 'result' ? resolve(reply.result) : reject(new Error(reply.error.message)),
      );
      ws.send(JSON.stringify({ type: 'call', id, method, params }));
    });
  listeners.add((message) => {
    if (message.event === 'terminal.data')
      ws.send(
        JSON.stringify({
          type: 'call',
          id: `ack${++sequence}`,
          method: 'terminal.ack',
          params: { id: message.payload.id, chars: message.payload.data.length },
        }),
      );
  });
  return { ws, call, listeners };
}

async function catOverWebSocket(client) {
  const { id } = await client.call('terminal.create', { cols: 120, rows: 30 });
  await sleep(300);
  let tail = '';
  const finished = new Promise((resolve) => {
    const listener = (message) => {
      if (message.event !== 'terminal.data' || message.payload.id !== id) return;
      tail = (tail + message.payload.data).slice(-64);
      if (DONE.test(tail)) {
        client.listeners.delete(listener);
        resolve();
      }
    };
    client.listeners.add(listener);
  });
  const t0 = performance.now();
  await client.call('terminal.write', { id, data: `cat ${bigFile}; echo BENCH-""DONE\r` });
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await client.call('terminal.kill', { id });
  return fileBytes / 1e6 / seconds;
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

async function floodOverWebSocket(client, pid) {
  const { id } = await client.call('terminal.create', { cols: 120, rows: 30 });
  await sleep(500);
  const base = rssOf(pid);
  let high = 0;
  await client.call('terminal.write', { id, data: 'yes\r' });
  const until = performance.now() + FLOOD_MS;
  while (performance.now() < until) {
    high = Math.max(high, rssOf(pid) - base);
    await sleep(20);
  }
  await client.call('terminal.kill', { id });
  return high / 1e6;
}

// Raw node-pty, the ceiling, runs in the same rounds as each figure measured against it.
const [raw, inProcess, floods] = await interleaved(RUNS, [catRawPty, catInProcess, floodInProcess]);

const host = await startHost(dir, join(dir, 'data'));
const client = await connect(host);
const [rawBesideSocket, overSocket, hostFloods] = await interleaved(RUNS, [
  catRawPty,
  () => catOverWebSocket(client),
  () => floodOverWebSocket(client, host.process.pid),
]);
client.ws.close();
await host.stop();
await cleanup(dir);

const rawFigure = 'cat_50mb_raw_node_pty_throughput';
report('terminal', 'cat_50mb_in_process_throughput', 'MB/s', summarize(inProcess), baseline(rawFigure, raw));
report(
  'terminal',
  'cat_50mb_websocket_throughput',
  'MB/s',
  summarize(overSocket),
  baseline(rawFigure, rawBesideSocket),
);
// Memory has no baseline: raw node-pty has no flow control, so a flood it is not read fast enough
// for grows without bound; what these show is that the high water stays flat.
const median = (values) => summarize(values).median;
report('terminal', 'yes_5s_core_heap_high_water', 'MB', {
  median: median(floods.map((f) => f.heapMb)),
  rssMedian: median(floods.map((f) => f.rssMb)),
  runs: floods.length,
});
report('terminal', 'yes_5s_web_host_rss_high_water', 'MB', { median: median(hostFloods), runs: hostFloods.length });
