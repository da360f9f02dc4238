// Shared by the benches: a web host in a child process, statistics, one JSON line per figure.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHostProcess } from '../scripts/lib/web-host-process.mjs';

export { repo } from '../scripts/lib/setup.mjs';

export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 1000) / 1000;
  return {
    n: sorted.length,
    median: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
  };
}

export function report(bench, figure, unit, values) {
  console.log(JSON.stringify({ bench, figure, unit, ...values, at: new Date().toISOString() }));
}

export async function tempDir(prefix) {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Starts `webnova serve-web` on its default port; `startMs` is the time until it printed its URL. */
export function startHost(folder, dataDir) {
  return startWebHostProcess({ folder, dataDir });
}

export async function cleanup(...dirs) {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
