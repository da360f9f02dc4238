import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

/** The real git command line, as the person's terminal would run it. */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Fixture',
      GIT_AUTHOR_EMAIL: 'fixture@example.com',
      GIT_COMMITTER_NAME: 'Fixture',
      GIT_COMMITTER_EMAIL: 'fixture@example.com',
    },
  });
}

export function fixtureRepo(root: string): void {
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'Initial project');
}

export async function openGitView(page: Page) {
  await page.getByRole('button', { name: 'Source Control' }).first().click();
  // The first answer can wait while core opens its embedded stores on a busy machine.
  await expect(page.getByRole('tab', { name: /^Changes/ })).toBeVisible({ timeout: 120_000 });
}

export const changeRow = (page: Page, path: string) =>
  page.locator('.git-change').filter({ has: page.getByRole('button', { name: new RegExp(`^${path},`) }) });
