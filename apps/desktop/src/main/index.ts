import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Core, startCoreProcess } from '@webnova/core';
import { app, type BrowserWindow, session, utilityProcess } from 'electron';
import { webnovaVersion } from '../shared/version.js';
import { utilityCoreChild } from './core-process.js';
import { serveCoreOverElectronIpc } from './electron-ipc.js';
import { guardAllWebContents, guardSession } from './guards.js';
import { createMainWindow } from './main-window.js';
import { installMenu } from './menu.js';
import { rendererOrigin } from './policy/app-origin.js';
import { chooseDataDir, folderFromArgv } from './policy/launch.js';
import { registerRendererScheme, serveRenderer } from './renderer-protocol.js';
import { safeStorageCipher } from './secret-cipher.js';

/*
 * The Electron composition root: starts core in its own utility process, opens the window, serves
 * core over IPC. Everything that is not about windows, menus or IPC lives in @webnova/core.
 */

type Level = 'debug' | 'info' | 'warn' | 'error';
function log(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (level === 'debug') return;
  const line = `[webnova] ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

const isDev = !app.isPackaged;
const renderer = rendererOrigin({ devServerUrl: process.env.ELECTRON_RENDERER_URL, isPackaged: app.isPackaged });
const outDir = join(import.meta.dirname, '..');

// Before the lock: a different data folder is a different app instance (tests run side by side).
app.setPath('userData', chooseDataDir(process.env, app.getPath('userData')));
app.enableSandbox();
// Windows groups taskbar entries and routes notifications by this id; it must match the installer's.
if (process.platform === 'win32') app.setAppUserModelId('dev.webnova.ide');
registerRendererScheme();
guardAllWebContents(renderer, log);

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
let stopIpc: (() => void) | null = null;

function openWindow(): BrowserWindow {
  const devIcon = join(outDir, '../../../resources/icons/512x512.png');
  mainWindow = createMainWindow({
    renderer,
    preloadPath: join(outDir, 'preload/index.cjs'),
    ...(isDev && existsSync(devIcon) ? { iconPath: devIcon } : {}),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  return mainWindow;
}

async function openFolderFromArgs(argv: readonly string[], cwd: string): Promise<void> {
  const folder = folderFromArgv(argv, { isPackaged: app.isPackaged, cwd });
  if (!folder || !core) return;
  await core.openWorkspace(folder).catch((error: unknown) => {
    log('warn', 'Could not open the folder given on the command line', { folder, error: String(error) });
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  guardSession(session.defaultSession, renderer);
  serveRenderer(join(outDir, 'renderer'));
  app.setAboutPanelOptions({ applicationName: 'WebNova', applicationVersion: webnovaVersion });
  // Core runs in a utility process of its own; main keeps windows, menus and IPC, and answers core's
  // questions for the OS keychain (only main can reach safeStorage).
  const child = utilityProcess.fork(join(import.meta.dirname, 'core.js'), [], { serviceName: 'WebNova core' });
  core = await startCoreProcess(utilityCoreChild(child), {
    options: { host: 'electron', dataDir: app.getPath('userData'), version: webnovaVersion },
    log,
    secretCipher: safeStorageCipher,
    onUnexpectedExit: (code) => {
      log('error', "WebNova's core stopped unexpectedly; WebNova quits", { exitCode: code });
      app.exit(1);
    },
  });
  stopIpc = serveCoreOverElectronIpc(core, renderer);
  installMenu(core, isDev);
  await openFolderFromArgs(process.argv, process.cwd());
  openWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (!core) return;
    const window = mainWindow ?? openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
    void openFolderFromArgs(argv, workingDirectory);
  });
  // macOS keeps the app alive without windows; the dock icon brings one back.
  app.on('activate', () => {
    if (core && mainWindow === null) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !core) return;
    closing = true;
    event.preventDefault();
    stopIpc?.();
    core
      .close()
      .catch((error: unknown) => log('error', 'Core did not close cleanly', { error: String(error) }))
      .finally(() => app.quit());
  });
  start().catch((error: unknown) => {
    log('error', 'WebNova could not start', { error: error instanceof Error ? error.stack : String(error) });
    app.exit(1);
  });
}
