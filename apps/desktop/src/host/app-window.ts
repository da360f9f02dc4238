import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const candidates: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Microsoft\\Edge\\Application\\msedge.exe`,
  ],
};

/** A Chromium-family browser that can open an app window, or null. `WEBNOVA_BROWSER` overrides. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.WEBNOVA_BROWSER) return existsSync(env.WEBNOVA_BROWSER) ? env.WEBNOVA_BROWSER : null;
  return (candidates[process.platform] ?? []).find((path) => existsSync(path)) ?? null;
}

/** Whether a window can be shown at all: on Linux that needs an X11 or Wayland display. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  return process.platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Opens the IDE in a Chromium app window (no tabs, no address bar) with its own profile. */
export function openAppWindow(browser: string, url: string, dataDir: string): ChildProcess {
  const args = [
    `--app=${url}`,
    `--user-data-dir=${join(dataDir, 'web-window')}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1440,900',
  ];
  // Chromium refuses to start as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return spawn(browser, args, { stdio: 'ignore' });
}
