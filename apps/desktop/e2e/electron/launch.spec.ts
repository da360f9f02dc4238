import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ElectronApplication, _electron as electron, expect, test } from '@playwright/test';
import type { IpcBridge } from '@webnova/core/contracts';
import { findElectronBinary } from '../support/electron-binary';
import { Workbench } from '../support/workbench';

/*
 * Launches the built Electron app (`npm run build` first) on a temporary folder and data folder.
 * Needs the Electron binary, which npm installs only without ELECTRON_SKIP_BINARY_DOWNLOAD; where
 * it is missing the test is skipped and says why.
 */
const mainEntry = resolve(import.meta.dirname, '../../out/main/index.js');

type BridgeWindow = { webnovaBridge: IpcBridge; require?: unknown; process?: unknown; module?: unknown };

test('the Electron shell opens a folder, exposes only the bridge, serves core over IPC and previews in a webview', async () => {
  const binary = findElectronBinary();
  if ('missing' in binary) {
    console.log(`[electron launch] skipped: ${binary.missing}`);
    test.skip(true, binary.missing);
    return;
  }
  expect(existsSync(mainEntry), `${mainEntry} is missing: run \`npm run build\` first`).toBe(true);

  const folder = await mkdtemp(join(tmpdir(), 'webnova-electron-folder-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'webnova-electron-data-'));
  await writeFile(join(folder, 'README.md'), '# Clinic booking\n');
  await mkdir(join(folder, 'src'));
  await writeFile(join(folder, 'src', 'server.ts'), 'export {};\n');
  let app: ElectronApplication | undefined;
  try {
    app = await electron.launch({
      executablePath: binary.path,
      // Chromium will not start its OS sandbox as root (containers, CI) without this switch.
      args: [mainEntry, folder, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, WEBNOVA_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' },
    });
    const launched = app;
    const page = await launched.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    await test.step('one WebNova window on the app protocol', async () => {
      await expect(page).toHaveTitle(/WebNova/);
      expect(page.url()).toBe('app://webnova/index.html');
      const titles = await launched.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows().map((window) => window.getTitle()),
      );
      expect(titles).toHaveLength(1);
      expect(titles[0]).toMatch(/WebNova/);
    });

    await test.step('the page has the bridge and nothing of Node.js', async () => {
      const globals = await page.evaluate(() => {
        const w = window as unknown as BridgeWindow;
        return {
          bridge: Object.keys(w.webnovaBridge).sort(),
          require: typeof w.require,
          process: typeof w.process,
          module: typeof w.module,
        };
      });
      expect(globals).toEqual({
        bridge: ['call', 'on'],
        require: 'undefined',
        process: 'undefined',
        module: 'undefined',
      });
    });

    await test.step('core answers through the bridge', async () => {
      const info = await page.evaluate(() =>
        (window as unknown as BridgeWindow).webnovaBridge.call({
          type: 'call',
          id: 'e2e-info',
          method: 'app.info',
          params: {},
        }),
      );
      expect(info).toMatchObject({ type: 'result', id: 'e2e-info', result: { name: 'WebNova', host: 'electron' } });
      const unknown = await page.evaluate(() =>
        (window as unknown as BridgeWindow).webnovaBridge.call({
          type: 'call',
          id: 'e2e-x',
          method: 'shell.exec',
          params: {},
        }),
      );
      expect(unknown).toMatchObject({ type: 'error', error: { code: 'UNKNOWN_METHOD' } });
    });

    await test.step('the explorer shows the folder given on the command line', async () => {
      const tree = page.getByRole('tree');
      await expect(tree.getByRole('treeitem', { name: 'README.md', exact: true })).toBeVisible();
      await expect(tree.getByRole('treeitem', { name: 'src', exact: true })).toBeVisible();
    });

    await test.step('the renderer comes with its CSP, and nothing outside its folder is served', async () => {
      const answers = await page.evaluate(async () => {
        const index = await fetch('/index.html');
        const outside = await fetch('/%2e%2e/main/index.js');
        return { csp: index.headers.get('content-security-policy'), outside: outside.status };
      });
      expect(answers.csp).toContain("script-src 'self'");
      expect(answers.outside).toBe(404);
    });

    await test.step('the live preview is a <webview> on the loopback proxy, locked down, reporting to Problems', async () => {
      const server = createServer((_request, response) => {
        response.setHeader('content-type', 'text/html');
        response.end(
          '<!doctype html><title>Clinic</title><h1>Preview in a webview</h1>' +
            '<script>console.error("the webview page says boom")</script>',
        );
      });
      await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
      const devServer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      try {
        await new Workbench(page).runCommand('View: Toggle Preview Pane');
        const address = page.getByRole('textbox', { name: 'Address' });
        await address.fill(devServer);
        await address.press('Enter');
        const webview = page.locator('webview.preview-frame');
        await expect(webview).toHaveCount(1);
        await expect(page.locator('iframe.preview-frame')).toHaveCount(0);
        // It shows the page through core's preview proxy (another loopback port), not the server itself.
        const src = await webview.getAttribute('src');
        expect(src).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect(src).not.toBe(devServer);
        // The guest page itself: no bridge (no preload) and nothing of Node.js.
        const guests = () =>
          launched.evaluate(({ webContents }) =>
            Promise.all(
              webContents
                .getAllWebContents()
                .filter((contents) => contents.getType() === 'webview')
                .map(async (contents) => ({
                  url: contents.getURL(),
                  globals: (await contents.executeJavaScript(
                    '[typeof window.webnovaBridge, typeof require, typeof process].join()',
                  )) as string,
                })),
            ),
          );
        await expect.poll(guests).toEqual([{ url: src, globals: 'undefined,undefined,undefined' }]);
        await expect(address).toHaveValue(devServer);
        // The page's console error reaches Problems through the webview's console-message event.
        await page.getByRole('tab', { name: 'Problems' }).click();
        await expect(page.getByRole('list', { name: 'Problems' })).toContainText('the webview page says boom');
      } finally {
        server.close();
      }
    });

    await test.step('no new window opens and the page cannot navigate away', async () => {
      await page.evaluate(() => {
        window.open('https://example.com/', '_blank');
        window.location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(launched.windows()).toHaveLength(1);
      expect(page.url()).toBe('app://webnova/index.html');
    });
  } finally {
    await app?.close();
    await rm(folder, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
});
