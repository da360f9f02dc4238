import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium, started the way this machine allows (no downloads, no background traffic). */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.WEBNOVA_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
};
