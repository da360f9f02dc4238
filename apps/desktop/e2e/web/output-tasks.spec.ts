import { cp, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from '../support/fixtures';
import { runView, startTask, taskState } from '../support/vite-project';
import { statusButton } from '../support/workbench';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const fixture = join(import.meta.dirname, '..', 'fixtures', 'task-log');

/** A copy of the task-log fixture: two scripts and nothing to install, so nothing is downloaded. */
const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  project: async ({}, use) => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'webnova-e2e-tasks-')));
    const root = join(dir, 'clinic-reports');
    await cp(fixture, root, { recursive: true });
    await use({ root, file: (path: string) => join(root, path) });
    await rm(dir, { recursive: true, force: true });
  },
});

const channelPicker = (page: Page) => page.getByRole('combobox', { name: 'Output channel' });
const taskLog = (page: Page, name: string) => page.getByRole('log', { name: `Task: ${name}` });
/** The log's text, line by line, as the page shows it. */
const logLines = (page: Page, name: string) =>
  taskLog(page, name)
    .locator('.output-task-text')
    .evaluate((element) => (element.textContent ?? '').split('\n'));

test.describe('task logs in the Output panel', () => {
  test('a script’s log in its own channel: lines without colour codes, the exit, follow, clear', async ({
    page,
    workbench,
  }) => {
    await workbench.waitForShell();
    await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Run' }).click();
    await expect(runView(page).getByRole('listitem')).toHaveCount(4);
    // Before anything ran, the Output panel has WebNova's own channel and the sandbox's, no task's.
    await page.getByRole('tab', { name: 'Output' }).click();
    await expect(channelPicker(page).getByRole('option')).toHaveText(['WebNova', 'Sandbox']);

    await startTask(page, 'report');
    await expect(taskState(page, 'report')).toHaveText('crashed (3)');
    await runView(page).getByRole('button', { name: 'Open the log of report in Output' }).click();

    await expect(page.getByRole('tab', { name: 'Output' })).toHaveAttribute('aria-selected', 'true');
    await expect(channelPicker(page)).toHaveValue('task:report');
    await expect(channelPicker(page).getByRole('option')).toHaveText(['WebNova', 'Sandbox', 'Task: report']);
    const lines = await logLines(page, 'report');
    expect(lines).toEqual(expect.arrayContaining(['Counting appointments', 'Room 4 is free', 'مرحبًا بالمرضى']));
    expect(lines.join('\n')).not.toContain('\x1b');
    // Core ends the log with how the task ended.
    await expect(taskLog(page, 'report')).toContainText('Ended with exit code 3');

    // WebNova's own log is one pick away, and the task's channel is there to come back to.
    await channelPicker(page).selectOption({ label: 'WebNova' });
    await expect(page.getByRole('log', { name: 'WebNova' })).toBeVisible();
    await expect(taskLog(page, 'report')).toHaveCount(0);
    await channelPicker(page).selectOption({ label: 'Task: report' });
    await expect(taskLog(page, 'report')).toContainText('Counting appointments');

    // A task started from the Run view gets a channel; a long log follows along to its last line.
    await startTask(page, 'count');
    await expect(taskState(page, 'count')).toHaveText('exited (0)');
    await expect(channelPicker(page).getByRole('option')).toHaveText([
      'WebNova',
      'Sandbox',
      'Task: report',
      'Task: count',
    ]);
    await channelPicker(page).selectOption({ label: 'Task: count' });
    await expect(taskLog(page, 'count')).toContainText('appointment 400');
    await expect
      .poll(() =>
        taskLog(page, 'count').evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight),
      )
      .toBeLessThan(8);
    expect(await taskLog(page, 'count').evaluate((element) => element.scrollHeight > element.clientHeight * 2)).toBe(
      true,
    );

    // Scrolled up, it stays where the reader is while the task runs again.
    await taskLog(page, 'count').evaluate((element) => {
      element.scrollTop = 0;
      element.dispatchEvent(new Event('scroll'));
    });
    await runView(page).getByRole('button', { name: 'Start count', exact: true }).click();
    await expect(taskState(page, 'count')).toHaveText('exited (0)');
    await expect(taskLog(page, 'count')).toContainText('appointment 400');
    expect(await taskLog(page, 'count').evaluate((element) => element.scrollTop)).toBe(0);

    // Clear empties this channel only: the other channels keep their logs.
    await page.getByRole('button', { name: 'Clear Output' }).click();
    await expect(taskLog(page, 'count').locator('.output-task-text')).toHaveCount(0);
    await expect(taskLog(page, 'count')).toContainText('No output yet.');
    await channelPicker(page).selectOption({ label: 'Task: report' });
    await expect(taskLog(page, 'report')).toContainText('Room 4 is free');

    // A failing test run offers "fix this failure": the end of its log, and the test file it names, go to the AI.
    await expect(runView(page).getByRole('button', { name: 'Fix why count failed, with AI' })).toHaveCount(0);
    await startTask(page, 'test');
    await expect(taskState(page, 'test')).toHaveText(/^crashed \(\d+\)$/);
    await runView(page).getByRole('button', { name: 'Fix why test failed, with AI' }).click();
    const conversation = page.getByRole('log', { name: 'Conversation with the AI' });
    await expect(conversation).toContainText(/Fix why task “test” failed \(exit \d+\)/);
    await expect(conversation).toContainText('The error points at test/fees.test.js line 6');
    await expect(conversation).toContainText('test/fees.test.js: 9 lines');
  });

  test('screenshots: English dark and Arabic light', async ({ page, workbench }) => {
    await workbench.waitForShell();
    await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Run' }).click();
    await startTask(page, 'report');
    await expect(taskState(page, 'report')).toHaveText('crashed (3)');
    await runView(page).getByRole('button', { name: 'Open the log of report in Output' }).click();
    await expect(taskLog(page, 'report')).toContainText('Ended with exit code 3');
    await mkdir(screenshots, { recursive: true });

    if ((await page.locator('html').getAttribute('data-theme')) !== 'dark')
      await (await statusButton(page, 'en', 'toggleTheme')).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'output-tasks-en-dark.png') });

    await (await statusButton(page, 'en', 'switchLanguage')).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await (await statusButton(page, 'ar', 'toggleTheme')).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(page.getByRole('combobox', { name: 'قناة المخرجات' })).toHaveValue('task:report');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'output-tasks-ar-light.png') });
  });
});
