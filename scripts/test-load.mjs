// `npm run test:load`: the whole `npm test` (or its `unit` / `e2e` half) while every core is kept
// busy by a background load, to show the suite holds on a loaded machine: no test may depend on
// being scheduled promptly. The load is one busy-looping child per core (`--busy N` for another
// count) at the lowest priority (nice 19), so it takes every idle cycle and the suite still gets
// the CPU it asks for, only later. Prints each run's duration, result and load averages (sampled
// every 5 s) and a closing table; exits non-zero when any run failed.
//   node scripts/test-load.mjs [--runs N] [--busy N] [--bail] [unit|e2e]
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, setPriority } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repo, say, useSupportedNode } from './lib/setup.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '1' },
    busy: { type: 'string' },
    bail: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const busy = values.busy === undefined ? availableParallelism() : Number(values.busy);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(busy) || busy < 0) {
  console.error('usage: node scripts/test-load.mjs [--runs N] [--busy N] [--bail] [unit|e2e]');
  process.exit(2);
}
const only = positionals[0];
if (only !== undefined && only !== 'unit' && only !== 'e2e') {
  console.error(`webnova: test:load runs "unit", "e2e" or everything, not "${only}"`);
  process.exit(2);
}

await useSupportedNode();

/** The background load: one child per core spinning forever at the lowest priority. */
const spinners = [];
function startLoad() {
  for (let i = 0; i < busy; i++) {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    try {
      setPriority(child.pid, 19);
    } catch {
      // Not allowed to lower it (never the case for one's own child): it still loads the machine.
    }
    spinners.push(child);
  }
}
function stopLoad() {
  for (const child of spinners.splice(0)) child.kill('SIGKILL');
}
let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopLoad();
    current?.kill(signal);
    process.exit(130);
  });
}
process.on('exit', stopLoad);

/** One `npm test` run under the load, with its duration and the load averages seen meanwhile. */
function runOnce() {
  return new Promise((resolve) => {
    const samples = [];
    const sample = () => samples.push(loadavg()[0]);
    sample();
    const sampler = setInterval(sample, 5_000);
    const started = performance.now();
    current = spawn(process.execPath, [join(repo, 'scripts', 'test.mjs'), ...(only ? [only] : [])], {
      cwd: repo,
      stdio: 'inherit',
    });
    current.once('exit', (code, signal) => {
      clearInterval(sampler);
      sample();
      current = null;
      const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
      resolve({
        ok: code === 0,
        code: code ?? signal,
        seconds: Math.round((performance.now() - started) / 1000),
        loadMean: Number(mean.toFixed(1)),
        loadMax: Number(Math.max(...samples).toFixed(1)),
      });
    });
  });
}

const cores = availableParallelism();
say(`test:load: ${runs} run(s) of npm test${only ? ` ${only}` : ''}, ${busy} busy process(es) on ${cores} core(s)`);
const reports = join(repo, 'artifacts', 'reports');
mkdirSync(reports, { recursive: true });
startLoad();
const results = [];
for (let index = 1; index <= runs; index++) {
  const result = await runOnce();
  results.push(result);
  const line = `run ${index}/${runs}: ${result.ok ? 'passed' : `FAILED (${result.code})`} in ${result.seconds} s; load average (1 min) mean ${result.loadMean}, max ${result.loadMax}`;
  say(line);
  appendFileSync(
    join(reports, 'test-load.jsonl'),
    `${JSON.stringify({ at: new Date().toISOString(), run: index, of: runs, only: only ?? 'all', busy, cores, ...result })}\n`,
  );
  if (!result.ok && values.bail) break;
}
stopLoad();

console.log('\nrun  result  seconds  load mean  load max');
results.forEach((result, index) => {
  console.log(
    `${String(index + 1).padEnd(5)}${(result.ok ? 'pass' : 'FAIL').padEnd(8)}${String(result.seconds).padEnd(9)}${String(result.loadMean).padEnd(11)}${result.loadMax}`,
  );
});
const failed = results.filter((result) => !result.ok).length;
console.log(
  `${results.length - failed} of ${results.length} run(s) passed under load (${busy} busy on ${cores} cores)`,
);
process.exit(failed === 0 && results.length === runs ? 0 : 1);
