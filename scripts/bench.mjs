// `npm run bench`: builds if needed, then runs every bench/*.bench.mjs in turn (`npm run bench --
// NAME…`: those whose file name contains a NAME). Each prints one JSON line per figure: {"bench",
// "figure", "unit", "median"|"value", …, "baseline"?, "ratio"?, "load"} (bench/lib.mjs `report`),
// passed on here as it comes. At the end a table of every figure beside its baseline and the ratio
// goes to stderr, so that stdout stays JSON lines.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureBuilt, ensureInstalled, repo, useSupportedNode } from './lib/setup.mjs';

/** Runs one bench, passing its output on; resolves to its exit code and the figures it printed. */
function runBench(name) {
  const child = spawn(process.execPath, [join(repo, 'bench', name)], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const figures = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    if (line.startsWith('{"bench"')) figures.push(JSON.parse(line));
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, figures })));
}

const shown = (values) => values.median ?? values.value ?? '';

/** The figures as a Markdown table: figure, baseline, ratio, and the 1-minute load average. */
function table(figures) {
  const rows = figures.map((f) => [
    f.bench,
    f.figure,
    `${shown(f)} ${f.unit}`,
    f.baseline ? `${shown(f.baseline)} (${f.baseline.figure})` : '–',
    f.ratio ?? '–',
    f.load?.[0] ?? '',
  ]);
  const lines = [['bench', 'figure', 'median', 'baseline, same run', 'ratio', 'load'], ...rows];
  return lines.map((cells, index) => `| ${cells.join(' | ')} |${index === 0 ? '\n|---|---|---|---|---|---|' : ''}`);
}

// On a machine whose Node is older than the project's, run again on the pinned Node 24 (as npm test does).
await useSupportedNode();
ensureInstalled();
ensureBuilt();
const names = process.argv.slice(2);
const benches = readdirSync(join(repo, 'bench'))
  .filter((file) => file.endsWith('.bench.mjs') && (names.length === 0 || names.some((name) => file.includes(name))))
  .sort();
let failed = 0;
const figures = [];
for (const name of benches) {
  const result = await runBench(name);
  if (result.code !== 0) failed += 1;
  figures.push(...result.figures);
}
console.error(`\n${table(figures).join('\n')}`);
process.exit(failed ? 1 : 0);
