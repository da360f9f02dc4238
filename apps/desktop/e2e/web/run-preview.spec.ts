import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from '../support/fixtures';
import { changeRow, fixtureRepo, git, openGitView } from '../support/git';
import { TerminalPanel } from '../support/terminal-panel';
import { installAndStartDev, preview, runView, taskState, test } from '../support/vite-project';
import type { RunningHost } from '../support/web-host';
import { statusButton } from '../support/workbench';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');
const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Says so, with the host's last log lines, if the host process ends while a test still runs. */
function watchHost(host: RunningHost): void {
  let tail = '';
  host.process.stderr?.on('data', (chunk) => {
    tail = (tail + String(chunk)).slice(-2000);
  });
  host.process.once('exit', (code, signal) => console.log(`web host exited: code ${code}, signal ${signal}\n${tail}`));
}

test.describe('run and preview', () => {
  test.setTimeout(480_000);

  test('dev server from the Run view: preview, phone size, hot edit, console error, inspect', async ({
    page,
    workbench,
    host,
  }) => {
    watchHost(host);
    await installAndStartDev(page);
    await expect(page.getByRole('textbox', { name: 'Address' })).toHaveValue(/^http:\/\/localhost:\d+\/$/);
    // The task's log shows what Vite printed.
    await expect(page.getByRole('region', { name: 'Log: dev' }).getByRole('log')).toContainText('Local:');

    // Phone size: the frame is 390×844 CSS pixels, and so is the page's own viewport.
    await page.getByRole('combobox', { name: 'Viewport' }).selectOption('phone');
    const frame = page.locator('iframe.preview-frame');
    await expect
      .poll(() => frame.evaluate((element: HTMLIFrameElement) => [element.clientWidth, element.clientHeight]))
      .toEqual([390, 844]);
    const inner = await (await frame.elementHandle())?.contentFrame();
    await expect.poll(() => inner?.evaluate(() => [window.innerWidth, window.innerHeight])).toEqual([390, 844]);
    await page.getByRole('button', { name: 'Rotate' }).click();
    await expect
      .poll(() => frame.evaluate((element: HTMLIFrameElement) => [element.clientWidth, element.clientHeight]))
      .toEqual([844, 390]);
    await page.getByRole('button', { name: 'Rotate' }).click();

    // Edit the headline in Monaco and save: the page updates by hot module replacement (no reload:
    // a mark left on the page's window survives).
    await inner?.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Explorer' }).click();
    await workbench.openFromTree('src', 'message.js');
    await workbench.editor.click();
    await page.keyboard.press(`${mod}+a`);
    await page.keyboard.type("// Edited in the preview test.\n\nexport const headline = 'Book a visit today';\n");
    await workbench.save();
    await expect(preview(page).getByRole('heading', { level: 1 })).toHaveText('Book a visit today');
    expect(await inner?.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    // An uncaught error in the page shows in Problems.
    await preview(page).getByRole('button', { name: 'Load appointments' }).click();
    await page.getByRole('tab', { name: 'Problems' }).click();
    const problem = page.getByRole('list', { name: 'Problems' }).getByRole('listitem').first();
    await expect(problem).toContainText('Appointments could not be loaded');
    // Where it happened, as a workspace path rather than the proxy's address.
    await expect(problem.getByRole('button', { name: /^src\/main\.js:9/ })).toBeVisible();
    // "Fix this problem": the message and where it happened go to the AI panel, with that file.
    await problem.getByRole('button', { name: 'Fix this problem with AI' }).click();
    const conversation = page.getByRole('log', { name: 'Conversation with the AI' });
    await expect(conversation).toContainText('Fix this problem: ');
    await expect(conversation).toContainText('The error points at src/main.js line 9');

    // Inspect: a click on the button opens its source at the tagged line.
    await page.getByRole('button', { name: 'Inspect: click an element to open its source' }).click();
    await expect(page.getByRole('button', { name: 'Inspect: click an element to open its source' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await preview(page).getByRole('button', { name: 'Load appointments' }).click();
    await expect(workbench.tab('main.js')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByText('Ln 8, Col 1')).toBeVisible();
    // The pick did not also run the page's click handler: still one problem, not repeated.
    await expect(page.getByRole('list', { name: 'Problems' }).getByRole('listitem')).toHaveCount(1);

    // Stopping the dev server from the Run view ends it.
    await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Run' }).click();
    await runView(page).getByRole('button', { name: 'Stop dev', exact: true }).click();
    await expect(taskState(page, 'dev')).toHaveText(/^(stopped|exited)/);
  });

  test('screenshots: English and Arabic, dark and light', async ({ page, workbench, host }) => {
    watchHost(host);
    await workbench.waitForShell();
    await installAndStartDev(page);
    await page.getByRole('combobox', { name: 'Viewport' }).selectOption('phone');
    await runView(page).getByRole('button', { name: 'Show the log of dev' }).click();
    await mkdir(screenshots, { recursive: true });
    for (const locale of ['en', 'ar'] as const) {
      if (locale === 'ar') {
        await (await statusButton(page, 'en', 'switchLanguage')).click();
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      }
      for (const theme of ['dark', 'light'] as const) {
        if ((await page.locator('html').getAttribute('data-theme')) !== theme)
          await (await statusButton(page, locale, 'toggleTheme')).click();
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(screenshots, `run-preview-${locale}-${theme}.png`) });
      }
    }
  });
});

// With the other run-and-preview tests: it uses the same Vite fixture and package store.
/**
 * The whole loop of the IDE in one window, as issue 4 describes it: run the dev server, preview it at
 * phone size, edit and see the preview follow, commit in the git view, and find the commit with
 * `git log` typed into the terminal.
 */
test('the whole loop: run, preview, edit, commit, and git log in the terminal', async ({
  page,
  workbench,
  project,
}) => {
  test.setTimeout(600_000);
  fixtureRepo(project.root);
  git(project.root, 'config', 'user.name', 'Layla Haddad');
  git(project.root, 'config', 'user.email', 'layla@example.com');
  await installAndStartDev(page);

  await page.getByRole('combobox', { name: 'Viewport' }).selectOption('phone');
  const frame = page.locator('iframe.preview-frame');
  await expect
    .poll(() => frame.evaluate((element: HTMLIFrameElement) => [element.clientWidth, element.clientHeight]))
    .toEqual([390, 844]);

  await page.getByRole('navigation', { name: 'Activity bar' }).getByRole('button', { name: 'Explorer' }).click();
  await workbench.openFromTree('src', 'message.js');
  await workbench.editor.click();
  await page.keyboard.press(`${mod}+a`);
  await page.keyboard.type("export const headline = 'Book a visit tonight';\n");
  await workbench.save();
  await expect(preview(page).getByRole('heading', { level: 1 })).toHaveText('Book a visit tonight');

  await openGitView(page);
  const row = changeRow(page, 'src/message.js');
  await expect(row.getByRole('button', { name: 'src/message.js, Modified' })).toBeVisible();
  await row.hover();
  await row.getByRole('button', { name: 'Stage message.js' }).click();
  await expect(
    page.getByRole('region', { name: /^Staged Changes/ }).getByRole('button', { name: 'src/message.js, Modified' }),
  ).toBeVisible();
  await page.getByRole('textbox', { name: 'Commit message' }).fill('Invite visitors tonight');
  await page.getByRole('textbox', { name: 'Commit message' }).press('Control+Enter');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('list', { name: 'Commits' }).getByRole('button').first()).toContainText(
    'Invite visitors tonight',
  );
  expect(git(project.root, 'log', '-1', '--format=%s').trim()).toBe('Invite visitors tonight');

  const terminal = new TerminalPanel(page);
  await terminal.open();
  await terminal.create();
  await terminal.run('git log --oneline -2 | cat');
  await terminal.expectLine(/^[0-9a-f]{7,} Invite visitors tonight$/m);
  await terminal.expectLine(/^[0-9a-f]{7,} Initial project$/m);
});
