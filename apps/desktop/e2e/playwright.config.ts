import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

export default defineConfig({
  testDir: '.',
  outputDir: '../../../artifacts/e2e-results',
  // Two workers keep the run near 6 minutes instead of 12 on the 2-core CI machine; files stay whole
  // (tests within a file run in order). Two hosts and two Chromiums slow each other, so waits are long.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // Sized for a 2-core machine kept busy by other work as well (`npm run test:load`): the waits are
  // for what the page shows, so a slower machine only takes longer to get there.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: process.env.CI ? [['list'], ['json']] : [['list'], ['json']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'web', testMatch: 'web/**/*.spec.ts' },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
