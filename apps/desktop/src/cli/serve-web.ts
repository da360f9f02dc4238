import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type Core, defaultDataDir, forkCoreProcess, type Log, startCoreProcess } from '@webnova/core';
import { z } from 'zod';
import { findChromium, hasDisplay, openAppWindow } from '../host/app-window.js';
import { writeOpenFile } from '../host/open-file.js';
import { startWebHost, type WebHost } from '../host/web-host.js';
import { webnovaVersion } from '../shared/version.js';

const ServeWebArgs = z.object({
  host: z.string().min(1, 'the host must not be empty'),
  port: z.coerce
    .number({ message: 'the port must be a number' })
    .int('the port must be a whole number')
    .min(0, 'the port must be between 0 and 65535')
    .max(65535, 'the port must be between 0 and 65535')
    .optional(),
  open: z.boolean(),
  folder: z.string().optional(),
});

/**
 * Without --port, the host tries the same port every time: a stable origin keeps the browser's
 * cache (compiled code, so later starts are faster) and the layout it stores. If that port is
 * taken, any free one will do.
 */
const DEFAULT_PORT = 47_320;

async function listen(core: Core, rendererDir: string, host: string, port: number | undefined) {
  if (port !== undefined) return startWebHost({ core, rendererDir, host, port, log });
  try {
    return await startWebHost({ core, rendererDir, host, port: DEFAULT_PORT, log });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startWebHost({ core, rendererDir, host, port: 0, log });
  }
}

/**
 * Opens the app window on a file that forwards to a one-time link, so the token is on no command
 * line (any local user reads those in `ps`). The file goes once the link is used, or at exit.
 * Returns the window and the file, for the exit, or null when no window could be opened.
 */
async function openWindow(
  webHost: WebHost,
  dataDir: string,
  onClosed: () => void,
): Promise<{ file: string; window: ChildProcess } | null> {
  const browser = findChromium();
  if (!browser || !hasDisplay()) {
    console.log(
      browser
        ? 'No display to open a window on: open the URL above in a browser.'
        : 'No Chromium-family browser found: open the URL above in a browser.',
    );
    return null;
  }
  const link = webHost.oneTimeLink();
  const file = await writeOpenFile(dataDir, webHost.port, link.url);
  void link.used.then(() => rm(file, { force: true }));
  const window = openAppWindow(browser, pathToFileURL(file).href, dataDir);
  window.on('error', (error) => console.log(`Could not open ${browser}: ${error.message}. Open the URL above.`));
  window.on('exit', onClosed);
  return { file, window };
}

const log: Log = (level, message, fields) => {
  if (level === 'debug' && !process.env.WEBNOVA_DEBUG) return;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
};

/** `webnova serve-web`: runs until SIGINT/SIGTERM, or until the app window it opened is closed. */
export async function serveWeb(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string' },
        open: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    });
  } catch (error) {
    console.error(`webnova serve-web: ${(error as Error).message}`);
    return 2;
  }
  if (parsed.positionals.length > 1) {
    console.error('webnova serve-web: give at most one folder');
    return 2;
  }
  const args = ServeWebArgs.safeParse({ ...parsed.values, folder: parsed.positionals[0] });
  if (!args.success) {
    console.error(`webnova serve-web: ${args.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return 2;
  }
  const { host, port, open, folder } = args.data;

  const dataDir = defaultDataDir();
  // Core runs in a process of its own (the bundle beside this one), as it does under Electron.
  let stopForLostCore: (() => void) | null = null;
  const core = await startCoreProcess(forkCoreProcess(fileURLToPath(new URL('./core.js', import.meta.url))), {
    options: { dataDir, host: 'web', version: webnovaVersion },
    log,
    onUnexpectedExit: (code) => {
      log('error', "WebNova's core stopped unexpectedly; the web host stops too", { exitCode: code });
      stopForLostCore?.();
    },
  });
  if (folder) {
    try {
      await core.openWorkspace(folder);
    } catch (error) {
      console.error(`webnova serve-web: cannot open ${folder}: ${(error as Error).message}`);
      await core.close();
      return 1;
    }
  }
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  let webHost: WebHost;
  try {
    webHost = await listen(core, rendererDir, host, port);
  } catch (error) {
    console.error(`webnova serve-web: cannot listen on ${host}:${port ?? DEFAULT_PORT}: ${(error as Error).message}`);
    await core.close();
    return 1;
  }
  console.log(`WebNova is running at ${webHost.url}`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    console.log('Warning: listening beyond loopback. Anyone with the URL (it holds the token) can drive this IDE.');
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    let opened: { file: string; window: ChildProcess } | null = null;
    const stop = async (code: number) => {
      if (stopping) return;
      stopping = true;
      // The window shows nothing without its host; the file must not outlive it.
      opened?.window.kill();
      if (opened) await rm(opened.file, { force: true });
      await webHost.close();
      await core.close();
      resolve(code);
    };
    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
    stopForLostCore = () => void stop(1);
    if (!open) return;
    openWindow(webHost, dataDir, () => void stop(0)).then(
      (app) => {
        opened = app;
        // Stopped while the window was opening.
        if (stopping && app) {
          app.window.kill();
          void rm(app.file, { force: true });
        }
      },
      (error) => console.log(`Could not open a window: ${(error as Error).message}. Open the URL above.`),
    );
  });
}
