import { cp, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from '@playwright/test';
import { test as base, expect } from './fixtures';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'vite-app');

// The shared package cache outlives the run, as a user's would: the first run fills it from the
// registry, later runs install the fixture's Vite from it without the network.
process.env.WEBNOVA_PACKAGE_CACHE ??= join(tmpdir(), 'webnova-e2e-package-cache');

/** A copy of the small Vite app fixture in a temporary folder, as the test's project. */
export const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  project: async ({}, use) => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'webnova-e2e-vite-')));
    const root = join(dir, 'vite-app');
    await mkdir(root);
    await cp(fixture, root, {
      recursive: true,
      filter: (source) => !source.includes('node_modules') && !source.endsWith('package-lock.json'),
    });
    await use({ root, file: (path: string) => join(root, path) });
    await rm(dir, { recursive: true, force: true });
  },
});

export function runView(page: Page) {
  return page.getByRole('list', { name: 'Tasks' });
}

export async function startTask(page: Page, name: string): Promise<void> {
  await runView(page)
    .getByRole('button', { name: `Start ${name}`, exact: true })
    .click();
}

export function taskState(page: Page, name: string) {
  return runView(page).getByRole('listitem', { name, exact: true }).locator('.task-state');
}

export function preview(page: Page): FrameLocator {
  return page.frameLocator('iframe.preview-frame');
}

export async function installAndStartDev(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Run' }).click();
  await expect(runView(page).getByRole('listitem')).toHaveCount(4);
  await startTask(page, 'install');
  await expect(taskState(page, 'install')).toHaveText('exited (0)', { timeout: 120_000 });
  await startTask(page, 'dev');
  await expect(taskState(page, 'dev')).toHaveText('running');
  await expect(preview(page).getByRole('heading', { level: 1 })).toHaveText('Book a visit');
}
