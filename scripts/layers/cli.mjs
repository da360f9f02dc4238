// @ts-check
// `npm run lint`, after Biome: the layer rules of docs/ARCHITECTURE.md, checked by symbol. Prints one
// line per violation and exits 1 on any, or on an allowance in allowed.json that no longer matches.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyAllowances, checkLayers, formatViolation } from './check-layers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const started = performance.now();
/** @type {import('./check-layers.mjs').Allowance[]} */
const allowances = JSON.parse(readFileSync(join(here, 'allowed.json'), 'utf8'));
const { violations, unused } = applyAllowances(checkLayers({ root: join(here, '..', '..') }), allowances);

for (const violation of violations) console.log(formatViolation(violation));
for (const allowance of unused) {
  console.log(`scripts/layers/allowed.json: ${allowance.file} ${allowance.symbol} matches nothing now; remove it`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (violations.length > 0 || unused.length > 0) {
  const count = (/** @type {number} */ n, /** @type {string} */ what) => `${n} ${what}${n === 1 ? '' : 's'}`;
  console.error(
    `layers: ${count(violations.length, 'violation')}, ${count(unused.length, 'stale allowance')} (docs/ARCHITECTURE.md, "Layer rules"), ${seconds} s`,
  );
  process.exit(1);
}
console.log(`layers: no violations, ${allowances.length} allowed, ${seconds} s`);
