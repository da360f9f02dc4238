// `npm run bench`: builds if needed, then runs every bench/*.bench.mjs in turn. Each prints one
// JSON line per figure: {"bench", "figure", "unit", "median"|"value", ...}.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ensureInstalled, repo, run } from './lib/setup.mjs';

ensureInstalled();
ensureBuilt();
const only = process.argv[2];
const benches = readdirSync(join(repo, 'bench'))
  .filter((name) => name.endsWith('.bench.mjs') && (!only || name.includes(only)))
  .sort();
let failed = 0;
for (const name of benches) {
  if (run(process.execPath, [join(repo, 'bench', name)]) !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
