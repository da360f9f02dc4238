import { expect } from '../support/fixtures';
import { changeRow, fixtureRepo, git, openGitView } from '../support/git';
import { TerminalPanel } from '../support/terminal-panel';
import { installAndStartDev, preview, test } from '../support/vite-project';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/**
 * The whole loop of the IDE in one window, as issue 4 describes it: run the dev server, preview it at
 * phone size, edit and see the preview follow, commit in the git view, and find the commit with
 * `git log` typed into the terminal.
 */
test('run, preview, edit, commit, and git log in the terminal', async ({ page, workbench, project }) => {
  test.setTimeout(300_000);
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
  await expect(preview(page).getByRole('heading', { level: 1 })).toHaveText('Book a visit tonight', {
    timeout: 15_000,
  });

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
