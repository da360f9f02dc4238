// The sync fault-injection fuzz (apps/server/test/sync-fuzz.test.ts) over many seeds: runs N seeds from
// S (each 12 devices against the real server binary on a fresh PostgreSQL database, faults, kill -9,
// then the oracle), passes each failing seed's trace through, and prints one JSON line of figures at
// the end: seeds, events, refusals by code, faults by kind, failed seeds, seconds.
//   node scripts/sync-fuzz.mjs --seeds N [--from S] [--steps K]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repo, useSupportedNode } from './lib/setup.mjs';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    from: { type: 'string', default: '1' },
    steps: { type: 'string', default: '60' },
  },
});

await useSupportedNode();

const started = performance.now();
const seeds = [];
let summary = null;
const child = spawn(
  join(repo, 'node_modules', '.bin', 'vitest'),
  ['run', 'apps/server/test/sync-fuzz.test.ts', '--reporter=dot'],
  {
    cwd: repo,
    env: {
      ...process.env,
      WEBNOVA_SYNC_FUZZ_SEEDS: values.seeds,
      WEBNOVA_SYNC_FUZZ_FROM: values.from,
      WEBNOVA_SYNC_FUZZ_STEPS: values.steps,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let pending = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const json = line.slice(line.indexOf('{'));
    if (json.startsWith('{"seed"')) {
      seeds.push(JSON.parse(json));
      process.stderr.write(`${json}\n`);
    } else if (json.startsWith('{"run"')) summary = JSON.parse(json);
    else if (/^\s*(seed \d+:|✗|trace|\d+ d\d+|\s+d\d+ fault)/.test(line)) process.stderr.write(`${line}\n`);
  }
});
const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
const failed = seeds.filter((seed) => seed.failures > 0).map((seed) => seed.seed);
console.log(
  JSON.stringify({
    ...(summary ?? {}),
    seeds: seeds.length,
    asked: Number(values.seeds),
    from: Number(values.from),
    failedSeeds: failed,
    wallSeconds: Math.round((performance.now() - started) / 1000),
    load: loadavg()[0].toFixed(1),
    vitestExit: status,
  }),
);
process.exit(failed.length > 0 || status !== 0 ? 1 : 0);
