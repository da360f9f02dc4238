// The live preview: (1) from clicking install in the Run view of a project never installed before,
// through starting `dev`, to the previewed page's first contentful paint, with a warm shared package
// store (another project with the same dependencies was installed before), beside (2) a plain cold
// `npm install` of the same project (a fresh, empty npm cache: every package comes from the
// registry); the install part alone beside a plain `npm install` from a warm npm cache; (3)
// edit-to-preview latency with Vite's hot module replacement, from writing the file to the page's DOM
// showing the new text, beside the same edits seen by a tab opened straight on the dev server.
// Medians. Needs the npm registry for the cold installs (and once, to fill the shared cache).
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startWebHostProcess } from '../scripts/lib/web-host-process.mjs';
import { baseline, cleanup, repo, report, summarize, tempDir, timed } from './lib.mjs';

const run = promisify(execFile);
const RUNS = Number(process.env.WEBNOVA_BENCH_RUNS ?? 3);
const EDITS = 15;
const fixture = join(repo, 'apps', 'desktop', 'e2e', 'fixtures', 'vite-app');
const dir = await realpath(await tempDir('webnova-bench-preview-'));
const sharedCache = join(dir, 'shared-cache');

async function freshProject(name) {
  const root = join(dir, name);
  await mkdir(root);
  await cp(fixture, root, { recursive: true, filter: (source) => !source.includes('node_modules') });
  return root;
}

function figure(name, samples, against) {
  const s = summarize(samples);
  const values = { median: s.median, min: s.min, max: s.max, runs: s.n, samples: samples.map(Math.round) };
  report('preview', name, 'ms', values, against && baseline(...against));
}

/** A plain `npm install` of a fresh copy of the project with the npm cache `cache`: its milliseconds. */
async function npmInstall(name, cache, ...options) {
  const root = await freshProject(name);
  return timed(() => run('npm', ['install', '--no-audit', '--no-fund', '--cache', cache, ...options], { cwd: root }));
}

// (2) Cold installs: what a project waits for without the shared cache (a fresh, empty npm cache);
// then another project from the npm cache the cold install just filled, offline first: the least an
// install from a warm store can take.
const cold = [];
const warmNpm = [];
for (let i = 0; i < RUNS; i++) {
  const cache = join(dir, `npm-cache-${i}`);
  cold.push(await npmInstall(`cold-${i}`, cache));
  warmNpm.push(await npmInstall(`warm-npm-${i}`, cache, '--prefer-offline'));
}

// The hosts below get the shared cache (startWebHostProcess passes the environment on).
process.env.WEBNOVA_PACKAGE_CACHE = sharedCache;
const browser = await chromium.launch({
  executablePath: process.env.WEBNOVA_CHROMIUM ?? '/usr/bin/chromium',
  args: JSON.parse(await readFile(join(repo, 'apps/desktop/e2e/support/chromium-args.json'), 'utf8')),
});

const tasks = (page) => page.getByRole('list', { name: 'Tasks' });
const state = (page, name) => tasks(page).getByRole('listitem', { name, exact: true }).locator('.task-state');

// (1) Run → first paint, each time in a new project with no node_modules and a new host. Run 0 is
// the first project this installation ever runs: it fills the shared store from the registry.
const firstPaint = [];
const installPart = [];
let firstProjectEver = null;
let hmrPage = null;
let hmrHost = null;
let hmrRoot = null;
// One installation (one data folder) opening project after project, as a user's does: run 0 also pays
// for creating the installation's governance store.
const dataDir = join(dir, 'data');
for (let i = 0; i <= RUNS; i++) {
  const root = await freshProject(`warm-${i}`);
  const host = await startWebHostProcess({ folder: root, dataDir, args: ['--port', '0'] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Run' }).click();
  await tasks(page).getByRole('button', { name: 'Start install', exact: true }).waitFor();
  const t0 = performance.now();
  await tasks(page).getByRole('button', { name: 'Start install', exact: true }).click();
  await state(page, 'install').filter({ hasText: 'exited (0)' }).waitFor({ timeout: 120_000 });
  const installMs = performance.now() - t0;
  await tasks(page).getByRole('button', { name: 'Start dev', exact: true }).click();
  const frame = page.locator('iframe.preview-frame');
  await frame.waitFor({ timeout: 60_000 });
  const inner = await (await frame.elementHandle()).contentFrame();
  await inner.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, {
    timeout: 60_000,
    polling: 16,
  });
  // Count to the paint itself, not to when we noticed it.
  const paintAt = await inner.evaluate(
    () => performance.timeOrigin + performance.getEntriesByName('first-contentful-paint')[0].startTime,
  );
  const paintMs = paintAt - (performance.timeOrigin + t0);
  if (i === 0) firstProjectEver = paintMs;
  else {
    firstPaint.push(paintMs);
    installPart.push(installMs);
  }
  if (i === RUNS) {
    hmrPage = page;
    hmrHost = host;
    hmrRoot = root;
  } else {
    await context.close();
    await host.stop();
  }
}

report('preview', 'run_to_preview_first_paint_first_project_empty_store', 'ms', {
  value: Math.round(firstProjectEver),
});
// Run→first paint (install + dev start) with the shared cache, beside a plain cold npm install alone.
figure('run_to_preview_first_paint_warm_cache', firstPaint, ['cold_npm_install_empty_cache', cold]);
figure('warm_install_from_shared_store', installPart, ['npm_install_from_warm_npm_cache_prefer_offline', warmNpm]);

// (3) Edit → preview with HMR: write src/message.js, wait until the headline's text changes, in the
// IDE's preview and (the baseline, the same edits) in a tab opened straight on the dev server. A page
// that reloaded (Vite re-optimising dependencies) loses the observer: it is put back each time.
const inner = await (await hmrPage.locator('iframe.preview-frame').elementHandle()).contentFrame();
const direct = await hmrPage.context().newPage();
await direct.goto(await hmrPage.locator('input.preview-url').inputValue());
await direct.locator('#headline').waitFor();
const observe = (frame) =>
  frame.evaluate(() => {
    if (window.__changes) return;
    const headline = document.querySelector('#headline');
    window.__changes = [];
    new MutationObserver(() =>
      window.__changes.push([headline.textContent, performance.timeOrigin + performance.now()]),
    ).observe(headline, { childList: true, characterData: true, subtree: true });
  });
/** When `frame` showed `text`, in milliseconds after `t0`, or null when it did not within 10 s. */
const shown = (frame, text, t0) =>
  frame
    .waitForFunction((wanted) => window.__changes?.find(([t]) => t === wanted)?.[1], text, {
      timeout: 10_000,
      polling: 16,
    })
    .then(
      async (handle) => (await handle.jsonValue()) - t0,
      () => null,
    );
const frames = [inner, direct.mainFrame()];
const latencies = frames.map(() => []);
for (let i = 0; i < EDITS; i++) {
  await Promise.all(frames.map(observe));
  const text = `Book a visit ${i}`;
  const t0 = performance.timeOrigin + performance.now();
  await writeFile(join(hmrRoot, 'src', 'message.js'), `// Edit ${i}\n\nexport const headline = '${text}';\n`);
  const seen = await Promise.all(frames.map((frame) => shown(frame, text, t0)));
  for (const [index, ms] of seen.entries()) if (ms !== null) latencies[index].push(ms);
  await new Promise((resolve) => setTimeout(resolve, 150));
}
const [missed, missedDirect] = latencies.map((samples) => EDITS - samples.length);
if (missed + missedDirect > 0)
  report('preview', 'edit_to_preview_hmr_missed', 'count', { value: missed, of: EDITS, baselineMissed: missedDirect });
figure('edit_to_preview_hmr', latencies[0], ['edit_to_dev_server_page_hmr', latencies[1]]);

await browser.close();
await hmrHost.stop();
await cleanup(dir);
