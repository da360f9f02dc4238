import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Browser, chromium, expect, type Page, test } from '@playwright/test';
import type { IpcBridge, ReplyMessage } from '@webnova/core/contracts';
import { checkDesktopDependencies } from '../../../../scripts/check-desktop-deps.mjs';
import { findElectronBinary } from '../support/electron-binary';
import { packagedApp, startPackaged, stopPackaged } from '../support/packaged-app';

/*
 * The installed app, not the development tree: `electron-builder --dir` packages the build
 * (`npm run build` first) with electron-builder.yml, then the packaged executable is started on a
 * temporary data folder, asked `app.info` over its IPC bridge, and made to open its governance
 * store (PGlite, loaded from the archive's node_modules). A dependency the package lacks, or a fuse
 * that breaks start-up, fails here and nowhere else.
 *
 * The fuses turn off `--inspect`, so Playwright cannot launch the packaged app as launch.spec.ts
 * launches the unpackaged one; it attaches to the window over Chromium's remote debugging port.
 * Needs Electron's binary (electron-builder packages the one npm installed, via `electronDist`,
 * rather than downloading it again) and the network electron-builder uses for Electron's headers
 * (it rebuilds node-pty against them). Where the binary could not be downloaded, as on the CI
 * machine, the test is skipped and says so.
 */
const require = createRequire(import.meta.url);
const repo = resolve(import.meta.dirname, '../../../..');
const desktop = join(repo, 'apps', 'desktop');
const productName = 'WebNova';

type BridgeWindow = { webnovaBridge: IpcBridge };

async function call(page: Page, method: string, params: Record<string, unknown> = {}): Promise<ReplyMessage> {
  return page.evaluate(
    ({ method, params }) =>
      (window as unknown as BridgeWindow).webnovaBridge.call({
        type: 'call',
        id: `packaged-${method}`,
        method,
        params,
      }),
    { method, params },
  );
}

test('the packaged app (electron-builder --dir) starts, answers app.info over IPC and opens its governance store', async () => {
  test.setTimeout(15 * 60_000);
  const electron = findElectronBinary();
  if ('missing' in electron) {
    console.log(`[packaged app] skipped: ${electron.missing}`);
    test.skip(true, electron.missing);
    return;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    const xvfb = spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' });
    const why = 'no display and no xvfb-run to give the packaged app one (apt-get install -y xvfb)';
    if (xvfb.error) {
      console.log(`[packaged app] skipped: ${why}`);
      test.skip(true, why);
      return;
    }
  }
  expect(existsSync(join(desktop, 'out', 'main', 'index.js')), 'run `npm run build` first').toBe(true);

  const work = await mkdtemp(join(tmpdir(), 'webnova-packaged-'));
  const dataDir = join(work, 'data');
  let app: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    const output = join(work, 'release');
    await test.step('electron-builder --dir packages the build with electron-builder.yml', async () => {
      const { build } = require('electron-builder');
      // The Electron npm installed is the version electron-builder would download (a config test checks).
      const electronDist =
        process.platform === 'darwin' ? resolve(electron.path, '../../../..') : dirname(electron.path);
      await build({ projectDir: repo, dir: true, config: { directories: { output }, electronDist } });
    });
    const packaged = packagedApp(output);

    await test.step('the archive holds the bundles and every package the built app loads, and no build tool', async () => {
      const { listPackage } = require('@electron/asar');
      const files = new Set((listPackage(packaged.asar) as string[]).map((file) => file.split('\\').join('/')));
      for (const file of [
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
      ]) {
        expect(files.has(file), file).toBe(true);
      }
      const { problems, external } = await checkDesktopDependencies();
      expect(problems).toEqual([]);
      expect([...external.keys()]).toEqual(expect.arrayContaining(['@electric-sql/pglite', 'node-pty']));
      for (const name of external.keys()) expect(files.has(`/node_modules/${name}/package.json`), name).toBe(true);
      for (const tool of ['electron', 'electron-vite', 'vite', '@webnova/core', 'typescript']) {
        expect(files.has(`/node_modules/${tool}/package.json`), tool).toBe(false);
      }
    });

    await test.step('the fuses are set as electron-builder.yml says: no run-as-node, no inspect, no NODE_OPTIONS', async () => {
      const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
      const wire = await getCurrentFuseWire(packaged.binary);
      const off = 48; // FuseState.DISABLE: the character '0' in the executable's fuse wire
      const on = 49; // FuseState.ENABLE: '1'
      expect(wire[FuseV1Options.RunAsNode]).toBe(off);
      expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
      expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
    });

    const started = await startPackaged(packaged.binary, dataDir);
    app = started.app;
    browser = await chromium.connectOverCDP(started.endpoint);
    const connected = browser;
    const findWindow = () =>
      connected
        .contexts()
        .flatMap((context) => context.pages())
        .find((candidate) => candidate.url() === 'app://webnova/index.html');
    await expect
      .poll(() => findWindow() !== undefined, { timeout: 60_000, message: `no WebNova window:\n${started.output()}` })
      .toBe(true);
    const page = findWindow() as Page;
    await page.waitForFunction(() => 'webnovaBridge' in window);

    await test.step('app.info answers over IPC from the packaged app', async () => {
      const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
      const desktopVersion = JSON.parse(readFileSync(join(desktop, 'package.json'), 'utf8')).version;
      expect(await call(page, 'app.info')).toMatchObject({
        type: 'result',
        result: {
          name: productName,
          host: 'electron',
          version: desktopVersion,
          versions: { electron: electronVersion },
        },
      });
    });

    await test.step('the governance store opens (PGlite from the archive) and its audit chain verifies', async () => {
      await expect
        .poll(async () => call(page, 'governance.overview'), { timeout: 120_000 })
        .toMatchObject({ type: 'result', result: { ready: true } });
      expect(await call(page, 'governance.auditVerify')).toMatchObject({
        type: 'result',
        result: { verification: { ok: true } },
      });
      expect(existsSync(join(dataDir, 'store'))).toBe(true);
    });
  } finally {
    await browser?.close().catch(() => undefined);
    if (app) await stopPackaged(app);
    await rm(work, { recursive: true, force: true });
  }
});
