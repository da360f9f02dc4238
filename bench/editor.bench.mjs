// The IDE in Chromium on the web host: cold start to an interactive editor (median of 5), warm
// start, and opening a 5 MB file in the editor (median of 5). Chromium's own start-up is not
// counted: it is launched once, and each run's tab is opened before the clock starts. A cold run uses
// a fresh browser context (empty cache); every run starts a fresh host process, and the clock starts
// when that process is spawned and stops at the `webnova:editor-ready` mark.
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { cleanup, repo, report, startHost, summarize, tempDir } from './lib.mjs';

const RUNS = 5;
const dir = await tempDir('webnova-bench-editor-');
const root = join(dir, 'project');
await mkdir(join(root, 'src'), { recursive: true });
const source = Array.from({ length: 200 }, (_, i) => `export const value${i} = ${i};`).join('\n');
await writeFile(join(root, 'src', 'app.ts'), `${source}\n`);
const bigLine = `${'0123456789abcdef'.repeat(6)}\n`;
await writeFile(
  join(root, 'big.txt'),
  `FIRST-LINE-MARKER\n${bigLine.repeat(Math.ceil((5 * 1024 * 1024) / bigLine.length))}`,
);
const realRoot = await realpath(root);
const dataDir = join(dir, 'data');
await mkdir(dataDir);
// The editor the user had open last time, so start-up ends with Monaco showing it.
await writeFile(
  join(dataDir, 'workspaces.json'),
  JSON.stringify({
    recent: [{ root: realRoot, name: 'project', openedAt: new Date().toISOString() }],
    sessions: { [realRoot]: { openFiles: ['src/app.ts'], activeFile: 'src/app.ts' } },
  }),
);

const browser = await chromium.launch({
  executablePath: process.env.WEBNOVA_CHROMIUM ?? '/usr/bin/chromium',
  args: JSON.parse(await readFile(join(repo, 'apps/desktop/e2e/support/chromium-args.json'), 'utf8')),
});

const markTime = (page, name) =>
  page
    .waitForFunction((mark) => performance.getEntriesByName(mark)[0]?.startTime, name, { timeout: 30_000 })
    .then((h) => h.jsonValue());

const total = [];
const hostStart = [];
const pageToShell = [];
const pageToEditor = [];
for (let run = 0; run < RUNS; run++) {
  // The browser tab exists already (as an app window would); the clock starts with the host process.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const t0 = performance.now();
  const host = await startHost(root, dataDir);
  await page.goto(host.url);
  const editorAt = await markTime(page, 'webnova:editor-ready');
  total.push(performance.now() - t0);
  hostStart.push(host.startMs);
  pageToEditor.push(editorAt);
  pageToShell.push(await markTime(page, 'webnova:shell-ready'));
  await context.close();
  await host.stop();
}
const figure = (name, samples) => {
  const s = summarize(samples);
  report('editor', name, 'ms', {
    median: s.median,
    min: s.min,
    max: s.max,
    runs: s.n,
    samples: samples.map(Math.round),
  });
};
figure('cold_start_to_interactive_editor', total);
figure('host_process_start_to_listening', hostStart);
figure('navigation_to_shell_painted', pageToShell);
figure('navigation_to_editor_ready', pageToEditor);

// Warm start: the same browser profile reopening the IDE (HTTP cache and compiled code kept), as
// the app window does from its second launch on. The host listens on its stable default port.
const warm = [];
const warmContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
for (let run = 0; run <= RUNS; run++) {
  const page = await warmContext.newPage();
  const t0 = performance.now();
  const host = await startHost(root, dataDir);
  await page.goto(host.url);
  await markTime(page, 'webnova:editor-ready');
  if (run > 0) warm.push(performance.now() - t0); // run 0 fills the cache
  await page.close();
  await host.stop();
}
await warmContext.close();
figure('warm_start_to_interactive_editor', warm);

// Opening a 5 MB file: from the click in the tree to its first line on screen.
const openTimes = [];
for (let run = 0; run < RUNS; run++) {
  const host = await startHost(root, dataDir);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await markTime(page, 'webnova:editor-ready');
  const item = page.getByRole('treeitem', { name: 'big.txt', exact: true });
  await item.waitFor();
  const t0 = performance.now();
  await item.click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'FIRST-LINE-MARKER' }).waitFor({ timeout: 60_000 });
  openTimes.push(performance.now() - t0);
  await context.close();
  await host.stop();
}
figure('open_5mb_file_in_editor', openTimes);

await browser.close();
await cleanup(dir);
