// The IDE in Chromium on the web host: cold start to an interactive editor (median of 5), warm
// start, and opening a 5 MB file in the editor (median of 5). Chromium's own start-up is not
// counted: it is launched once, and each run's tab is opened before the clock starts. A cold run uses
// a fresh browser context (empty cache); every run starts a fresh host process, and the clock starts
// when that process is spawned and stops at the `webnova:editor-ready` mark.
// Baselines, in alternate runs: the same with a page that loads only Monaco and shows the same file
// (baselines/monaco-only), served by the same host in the same browser; its marks `monaco-only:
// page-ready` (its script ran) and `monaco-only:editor-ready` stand for the shell's and the editor's.
// The host's own start is set beside a bare WebSocket server's (baselines/bare-ws-server.mjs).
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { installMonacoOnlyPage } from './baselines/monaco-only.mjs';
import {
  baseline,
  cleanup,
  interleaved,
  repo,
  report,
  startBareServer,
  startHost,
  summarize,
  tempDir,
} from './lib.mjs';

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
/**
 * The editor the user had open last time, so start-up ends with Monaco showing it. Written before
 * every host start: the host saves the session as it goes, and a big.txt left open by the run
 * before would be on screen before its click.
 */
const restoreSession = () =>
  writeFile(
    join(dataDir, 'workspaces.json'),
    JSON.stringify({
      recent: [{ root: realRoot, name: 'project', openedAt: new Date().toISOString() }],
      sessions: { [realRoot]: { openFiles: ['src/app.ts'], activeFile: 'src/app.ts' } },
    }),
  );
const monacoOnly = await installMonacoOnlyPage({
  'app.ts': join(root, 'src', 'app.ts'),
  'big.txt': join(root, 'big.txt'),
});

/** The page a run opens, the marks that stand for its painted shell and its ready editor, and how it opens big.txt. */
const ide = {
  url: (host) => host.url,
  painted: 'webnova:shell-ready',
  ready: 'webnova:editor-ready',
  async openBigFile(page) {
    const item = page.getByRole('treeitem', { name: 'big.txt', exact: true });
    await item.waitFor();
    return () => item.click();
  },
};
const monacoOnlyPage = {
  url: (host) => new URL(monacoOnly.pagePath('app.ts'), host.url).href,
  painted: 'monaco-only:page-ready',
  ready: 'monaco-only:editor-ready',
  openBigFile: async (page) => () => page.evaluate((path) => window.openFile(path), monacoOnly.filePath('big.txt')),
};

const browser = await chromium.launch({
  executablePath: process.env.WEBNOVA_CHROMIUM ?? '/usr/bin/chromium',
  args: JSON.parse(await readFile(join(repo, 'apps/desktop/e2e/support/chromium-args.json'), 'utf8')),
});
const newContext = () => browser.newContext({ viewport: { width: 1440, height: 900 } });

const markTime = (page, name) =>
  page
    .waitForFunction((mark) => performance.getEntriesByName(mark)[0]?.startTime, name, { timeout: 30_000 })
    .then((h) => h.jsonValue());

/** One cold start: a fresh context's tab exists already (as an app window would); the clock starts with the host process. */
async function coldStart(target) {
  await restoreSession();
  const context = await newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  const host = await startHost(root, dataDir);
  await page.goto(target.url(host));
  const toReady = await markTime(page, target.ready);
  const total = performance.now() - t0;
  const run = { total, hostStart: host.startMs, toReady, toPainted: await markTime(page, target.painted) };
  await context.close();
  await host.stop();
  return run;
}

async function bareServerStart() {
  const server = await startBareServer(root);
  await server.stop();
  return server.startMs;
}

const figure = (name, samples, against) => {
  const s = summarize(samples);
  const values = { median: s.median, min: s.min, max: s.max, runs: s.n, samples: samples.map(Math.round) };
  report('editor', name, 'ms', values, against && baseline(...against));
};

try {
  const [ideRuns, monacoRuns, bareStarts] = await interleaved(RUNS, [
    () => coldStart(ide),
    () => coldStart(monacoOnlyPage),
    bareServerStart,
  ]);
  const of = (runs, key) => runs.map((run) => run[key]);
  figure('cold_start_to_interactive_editor', of(ideRuns, 'total'), [
    'monaco_only_cold_start_to_editor',
    of(monacoRuns, 'total'),
  ]);
  figure('host_process_start_to_listening', of(ideRuns, 'hostStart'), [
    'bare_ws_server_process_start_to_listening',
    bareStarts,
  ]);
  figure('navigation_to_shell_painted', of(ideRuns, 'toPainted'), [
    'monaco_only_navigation_to_page_script_ran',
    of(monacoRuns, 'toPainted'),
  ]);
  figure('navigation_to_editor_ready', of(ideRuns, 'toReady'), [
    'monaco_only_navigation_to_editor_ready',
    of(monacoRuns, 'toReady'),
  ]);

  // Warm start: the same browser profile reopening the page (HTTP cache and compiled code kept), as
  // the app window does from its second launch on. The host listens on its stable default port.
  const warmContexts = [await newContext(), await newContext()];
  const warmStart = (target, context) => async () => {
    await restoreSession();
    const page = await context.newPage();
    const t0 = performance.now();
    const host = await startHost(root, dataDir);
    await page.goto(target.url(host));
    await markTime(page, target.ready);
    const ms = performance.now() - t0;
    await page.close();
    await host.stop();
    return ms;
  };
  const [ideWarm, monacoWarm] = await interleaved(RUNS + 1, [
    warmStart(ide, warmContexts[0]),
    warmStart(monacoOnlyPage, warmContexts[1]),
  ]);
  await Promise.all(warmContexts.map((context) => context.close()));
  // Run 0 of each fills its cache.
  figure('warm_start_to_interactive_editor', ideWarm.slice(1), [
    'monaco_only_warm_start_to_editor',
    monacoWarm.slice(1),
  ]);

  // Opening a 5 MB file: from the click in the tree (the Monaco-only page: the call) to its first line on screen.
  const openBig = async (target) => {
    await restoreSession();
    const host = await startHost(root, dataDir);
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(target.url(host));
    await markTime(page, target.ready);
    const open = await target.openBigFile(page);
    const t0 = performance.now();
    await open();
    await page.locator('.monaco-editor .view-lines', { hasText: 'FIRST-LINE-MARKER' }).waitFor({ timeout: 60_000 });
    const ms = performance.now() - t0;
    await context.close();
    await host.stop();
    return ms;
  };
  const [ideOpen, monacoOpen] = await interleaved(RUNS, [() => openBig(ide), () => openBig(monacoOnlyPage)]);
  figure('open_5mb_file_in_editor', ideOpen, ['monaco_only_fetch_and_show_5mb_file', monacoOpen]);
} finally {
  await browser.close();
  await monacoOnly.remove();
  await cleanup(dir);
}
