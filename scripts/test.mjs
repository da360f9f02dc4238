// `npm test`: lint, typecheck, build, unit + integration tests (Vitest), end-to-end tests
// (Playwright in Debian's Chromium against the web host). Prints one closing tally line.
// On a Node older than package.json's engines it first fetches the project's Node 24 and runs
// itself again on it, so npm, node-gyp, Vitest and Playwright all run on that Node.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ensureInstalled, repo, run, say, useSupportedNode } from './lib/setup.mjs';

const reports = join(repo, 'artifacts', 'reports');
const only = process.argv[2]; // optional: "unit" or "e2e"

function step(name, command, args, env = {}) {
  say(name);
  const status = run(command, args, { env: { ...process.env, ...env } });
  if (status !== 0) {
    console.error(`webnova: ${name} failed`);
    process.exit(status);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

await useSupportedNode();
say(`Node ${process.versions.node}`);
ensureInstalled();
mkdirSync(reports, { recursive: true });
const bin = (name) => join(repo, 'node_modules', '.bin', name);
let unit = { passed: 0, failed: 0, skipped: 0 };
let e2e = { passed: 0, failed: 0, skipped: 0 };

if (!only) {
  step('lint and format check (Biome)', bin('biome'), ['ci', '.']);
  step('layer rules, checked by symbol', process.execPath, [join(repo, 'scripts', 'layers', 'cli.mjs')]);
  step('typecheck (tsc)', 'npm', ['run', 'typecheck', '--silent']);
  ensureBuilt();
  step('what the built app loads is packaged (check-desktop-deps)', process.execPath, [
    join(repo, 'scripts', 'check-desktop-deps.mjs'),
  ]);
}

if (!only || only === 'unit') {
  say('unit and integration tests (Vitest)');
  const unitFile = join(reports, 'vitest.json');
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitFile}`]);
  const report = readJson(unitFile);
  if (report) {
    unit = { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests };
  }
  if (status !== 0) {
    console.log(`unit: ${unit.passed} passed, ${unit.failed} failed`);
    process.exit(status);
  }
}

if (!only || only === 'e2e') {
  const chromium = process.env.WEBNOVA_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.error(`webnova: the end-to-end tests need Chromium at ${chromium}: apt-get install -y chromium`);
    process.exit(1);
  }
  ensureBuilt();
  say('end-to-end tests (Playwright, Chromium, web host)');
  const e2eFile = join(reports, 'playwright.json');
  const status = run(bin('playwright'), ['test', '-c', 'apps/desktop/e2e/playwright.config.ts'], {
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eFile },
  });
  const stats = readJson(e2eFile)?.stats;
  if (stats) e2e = { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  if (status !== 0) {
    console.log(`e2e: ${e2e.passed} passed, ${e2e.failed} failed`);
    process.exit(status);
  }
}

say(`took ${Math.round(performance.now() / 1000)} s`);
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed;
const skipped = unit.skipped + e2e.skipped;
console.log(`\nunit ${unit.passed}, e2e ${e2e.passed}${skipped ? `; skipped ${skipped} (reasons above)` : ''}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
