// Shared by the benches: a web host in a child process, statistics, one JSON line per figure.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(fileURLToPath(import.meta.url), '..', '..');

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

/** Starts `webnova serve-web`; resolves with the URL and the time it took to print it. */
export async function startHost(folder, dataDir) {
  const started = performance.now();
  const child = spawn(process.execPath, [join(repo, 'apps/desktop/bin/webnova.mjs'), 'serve-web', folder], {
    env: { ...process.env, WEBNOVA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /running at (http\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}: ${out}`)));
  });
  const startMs = performance.now() - started;
  return {
    url,
    startMs,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

export async function cleanup(...dirs) {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
