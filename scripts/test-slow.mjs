// `npm run test:slow`: the long runs that `npm test` (and CI) run only a short version of, in full:
// the Vitest files that read WEBNOVA_SLOW_TESTS (`packages/core/test/support/slow.ts`: every fuzz
// seed, every template of the regeneration corpus, the escape corpus on every backend, all property
// runs), then `scripts/check-samples.mjs` (every sample Blueprint × every template, installed,
// typechecked and tested). Prints each part's duration and the load average; exits non-zero when any
// part failed. `--no-samples` leaves out check-samples; file names after `--` narrow the Vitest part.
//   node scripts/test-slow.mjs [--no-samples] [-- FILE…]
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { repo, run, say, useSupportedNode } from './lib/setup.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'no-samples': { type: 'boolean', default: false } },
});

await useSupportedNode();

/** The test files that size themselves by WEBNOVA_SLOW_TESTS (they import support/slow). */
function slowFiles() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.test\.tsx?$/.test(entry.name) && /support\/slow(\.js)?'/.test(readFileSync(path, 'utf8')))
        found.push(relative(repo, path));
    }
  };
  for (const root of ['packages', 'apps']) {
    for (const workspace of readdirSync(join(repo, root))) walk(join(repo, root, workspace, 'test'));
  }
  return found.sort();
}

const parts = [];
function part(name, command, args) {
  say(name);
  const started = performance.now();
  const status = run(command, args, { env: { ...process.env, WEBNOVA_SLOW_TESTS: '1' } });
  const seconds = Math.round((performance.now() - started) / 1000);
  parts.push({ name, ok: status === 0, seconds, load: loadavg()[0].toFixed(1) });
  say(`${name}: ${status === 0 ? 'passed' : 'FAILED'} in ${seconds} s (load average ${loadavg()[0].toFixed(1)})`);
}

const files = positionals.length > 0 ? positionals : slowFiles();
part(`the long runs in full (Vitest, ${files.length} files)`, join(repo, 'node_modules', '.bin', 'vitest'), [
  'run',
  ...files,
]);
if (!values['no-samples']) {
  part('every sample × every template (check-samples)', process.execPath, [join(repo, 'scripts', 'check-samples.mjs')]);
}

console.log('');
for (const { name, ok, seconds, load } of parts) {
  console.log(`${ok ? 'pass' : 'FAIL'}  ${String(seconds).padStart(5)} s  load ${load}  ${name}`);
}
process.exit(parts.every((entry) => entry.ok) ? 0 : 1);
