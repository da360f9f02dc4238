// Shared by the benches: a web host in a child process, statistics, figures measured beside their
// baselines, one JSON line per figure.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHostProcess } from '../scripts/lib/web-host-process.mjs';

export { repo } from '../scripts/lib/setup.mjs';

const round3 = (x) => Math.round(x * 1000) / 1000;

export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: round3(percentile(sorted, 50)),
    p99: round3(percentile(sorted, 99)),
    min: round3(sorted[0]),
    max: round3(sorted[sorted.length - 1]),
  };
}

/** The number that stands for a figure: its median, else its single value. */
const headline = (values) => values.median ?? values.value;

/**
 * Prints one figure as a JSON line: `{bench, figure, unit, median | value, …, load, at}`. With a
 * `baseline` (`{figure, median | value, …}`: the same work done by the simplest thing that does it,
 * measured in the same run, in the same unit) the line also has `baseline` and `ratio`, figure ÷
 * baseline: above 1 a time is longer than the baseline's, below 1 a rate is lower. `load` is the
 * machine's 1, 5 and 15-minute load averages as the line is printed: the cores are shared.
 */
export function report(bench, figure, unit, values, baseline) {
  const against = baseline && { baseline, ratio: round3(headline(values) / headline(baseline)) };
  const load = loadavg().map((x) => Math.round(x * 100) / 100);
  console.log(JSON.stringify({ bench, figure, unit, ...values, ...against, load, at: new Date().toISOString() }));
}

/** A baseline for `report`: its name and the statistics of its samples. */
export function baseline(figure, samples) {
  return { figure, ...summarize(samples) };
}

/** How many milliseconds `job` took. */
export async function timed(job) {
  const started = performance.now();
  await job();
  return performance.now() - started;
}

/**
 * Runs the jobs in turn, once each per round, so that a figure and its baseline share whatever load
 * the machine has meanwhile. Returns each job's samples: what it returned each round (a duration
 * from `timed`, a rate, …).
 */
export async function interleaved(rounds, jobs) {
  const samples = jobs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, job] of jobs.entries()) samples[index].push(await job(round));
  }
  return samples;
}

export async function tempDir(prefix) {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Starts `webnova serve-web` on its default port; `startMs` is the time until it printed its URL. */
export function startHost(folder, dataDir) {
  return startWebHostProcess({ folder, dataDir });
}

/**
 * Starts the bare WebSocket server (baselines/bare-ws-server.mjs) serving files from `folder`, in its
 * own process as the web host is; `startMs` is the time until it listened.
 */
export async function startBareServer(folder) {
  const started = performance.now();
  const child = fork(join(import.meta.dirname, 'baselines', 'bare-ws-server.mjs'), [folder], { stdio: 'inherit' });
  const [{ port }] = await once(child, 'message');
  return {
    address: `ws://127.0.0.1:${port}/api`,
    startMs: performance.now() - started,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function cleanup(...dirs) {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
