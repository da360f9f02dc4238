import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { changeRow, fixtureRepo, git, openGitView } from '../support/git';
import type { Workbench } from '../support/workbench';

const screenshots = join(import.meta.dirname, '..', '..', '..', '..', 'artifacts', 'screenshots');

test.describe('git view', () => {
  test.setTimeout(600_000);

  test('edit, diff, stage, commit, history, branches — and git agrees', async ({ workbench, page, project }) => {
    fixtureRepo(project.root);
    await openGitView(page);
    await expect(page.getByText('No changes. Everything is committed.')).toBeVisible();
    await page.getByRole('button', { name: 'Explorer' }).first().click();
    await workbench.openFromTree('src', 'greet.ts');
    await workbench.typeAtEnd('\nexport const fromGitView = true;');
    await workbench.save();

    await openGitView(page);
    const row = changeRow(page, 'src/greet.ts');
    await expect(row.getByRole('button', { name: 'src/greet.ts, Modified' })).toBeVisible();

    // The diff: HEAD's text on one side, the saved text on the other, in Monaco's diff editor.
    await row.getByRole('button', { name: 'src/greet.ts, Modified' }).click();
    await expect(workbench.tabs.getByRole('tab', { name: 'greet.ts (Working Tree)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const diff = page.getByTestId('diff-editor');
    await expect(diff.locator('.monaco-diff-editor')).toBeVisible();
    await expect(diff.locator('.modified-in-monaco-diff-editor')).toContainText('fromGitView');

    await row.hover();
    await row.getByRole('button', { name: 'Stage greet.ts' }).click();
    const staged = page.getByRole('region', { name: /^Staged Changes/ });
    await expect(staged.getByRole('button', { name: 'src/greet.ts, Modified' })).toBeVisible();

    await page.getByRole('button', { name: /^(Set author|Change)$/ }).click();
    const authorDialog = page.getByRole('dialog', { name: 'Commit author' });
    await authorDialog.getByLabel('Name').fill('Layla Haddad');
    await authorDialog.getByLabel('Email').fill('layla@example.com');
    await authorDialog.getByRole('button', { name: 'Save' }).click();
    await expect(authorDialog).toBeHidden();

    await page.getByRole('textbox', { name: 'Commit message' }).fill('Greet from the git view');
    await page.getByRole('textbox', { name: 'Commit message' }).press('Control+Enter');
    await expect(page.getByText('No changes. Everything is committed.')).toBeVisible();

    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('list', { name: 'Commits' });
    await expect(history.getByRole('button').first()).toContainText('Greet from the git view');
    await expect(history).toContainText('Initial project');

    expect(git(project.root, 'log', '--format=%s|%an <%ae>').trim().split('\n')).toEqual([
      'Greet from the git view|Layla Haddad <layla@example.com>',
      'Initial project|Fixture <fixture@example.com>',
    ]);
    git(project.root, 'fsck', '--full', '--strict');
    expect(git(project.root, 'status', '--porcelain')).toBe('');

    // Commit details: the changed file, openable as a diff.
    await history.getByRole('button', { name: /Greet from the git view/ }).click();
    await expect(page.getByRole('list', { name: 'Changed files' })).toContainText('src/greet.ts');

    // Branches: create and switch, then back.
    await page.getByRole('button', { name: /^Branch: main/ }).click();
    const branches = page.getByRole('dialog', { name: 'Branches' });
    await branches.getByLabel('New branch from the current commit').fill('feature/docs');
    await branches.getByRole('button', { name: 'Create and switch' }).click();
    await expect(page.getByRole('button', { name: /^Branch: feature\/docs/ })).toBeVisible();
    expect(git(project.root, 'branch', '--show-current').trim()).toBe('feature/docs');
    await page.getByRole('button', { name: /^Branch: feature\/docs/ }).click();
    await branches.getByRole('button', { name: 'Switch to main' }).click();
    await expect(page.getByRole('button', { name: /^Branch: main/ })).toBeVisible();
    expect(git(project.root, 'branch', '--show-current').trim()).toBe('main');
  });

  test('discarding asks first; a switch that would lose changes is refused', async ({ workbench, page, project }) => {
    fixtureRepo(project.root);
    git(project.root, 'branch', 'other');
    git(project.root, 'checkout', '-q', 'other');
    await writeFile(project.file('README.md'), '# Changed on other\n');
    git(project.root, 'commit', '-q', '-am', 'README on other');
    git(project.root, 'checkout', '-q', 'main');
    await workbench.waitForShell();
    await writeFile(project.file('README.md'), '# Local edit\n');
    await openGitView(page);

    await page.getByRole('button', { name: /^Branch: main/ }).click();
    const branches = page.getByRole('dialog', { name: 'Branches' });
    await branches.getByRole('button', { name: 'Switch to other' }).click();
    await expect(page.getByText(/local changes are in the way \(README\.md\)/).first()).toBeVisible();
    expect(git(project.root, 'branch', '--show-current').trim()).toBe('main');
    await branches.press('Escape');
    await expect(branches).toBeHidden();

    const row = changeRow(page, 'README.md');
    await row.hover();
    await row.getByRole('button', { name: 'Discard changes in README.md' }).click();
    const confirm = page.getByRole('dialog').or(page.getByRole('alertdialog')).filter({ hasText: 'Discard' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await readFile(project.file('README.md'), 'utf8')).toBe('# Local edit\n');
    await row.hover();
    await row.getByRole('button', { name: 'Discard changes in README.md' }).click();
    await confirm.getByRole('button', { name: 'Discard', exact: true }).click();
    await expect(page.getByText('No changes. Everything is committed.')).toBeVisible();
    expect(await readFile(project.file('README.md'), 'utf8')).toBe(
      '# Clinic booking\n\nBook appointments with doctors.\n',
    );
  });

  test('screenshots: English and Arabic, dark and light', async ({ workbench, page, project }) => {
    fixtureRepo(project.root);
    git(project.root, 'checkout', '-q', '-b', 'topic');
    await writeFile(project.file('docs/guide.md'), '# Guide\n\nA new section.\n');
    git(project.root, 'commit', '-q', '-am', 'Guide: a new section');
    git(project.root, 'checkout', '-q', 'main');
    await writeFile(
      project.file('src/index.ts'),
      "import { greet } from './greet';\n\nconsole.log(greet('clinic'));\n",
    );
    git(project.root, 'commit', '-q', '-am', 'Greet the clinic');
    git(project.root, 'merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic');
    await writeFile(
      project.file('src/greet.ts'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a TypeScript file.
      'export function greet(name: string): string {\n  return `Hi, ${name}!`;\n}\n',
    );
    await writeFile(project.file('src/new-file.ts'), 'export {};\n');
    await writeFile(project.file('package.json'), '{\n  "name": "clinic-booking",\n  "version": "1.0.0"\n}\n');
    git(project.root, 'add', 'package.json');

    await workbench.waitForShell();
    await openGitView(page);
    await changeRow(page, 'src/greet.ts').getByRole('button', { name: 'src/greet.ts, Modified' }).click();
    await expect(page.getByTestId('diff-editor').locator('.monaco-diff-editor')).toBeVisible();
    await mkdir(screenshots, { recursive: true });
    for (const locale of ['en', 'ar'] as const) {
      if (locale === 'ar') {
        await workbench.runCommand('Switch Language');
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      }
      for (const theme of ['dark', 'light'] as const) {
        await setTheme(page, workbench, theme);
        await page
          .getByRole('tab')
          .filter({ hasText: locale === 'en' ? /^Changes/ : /^التغييرات/ })
          .click();
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(screenshots, `git-changes-${locale}-${theme}.png`) });
        await page
          .getByRole('tab')
          .filter({ hasText: locale === 'en' ? 'History' : 'السجل' })
          .click();
        const list = page.locator('.git-commit-list');
        await expect(list.locator('.git-commit')).toHaveCount(4);
        if ((await list.locator('.git-commit.is-selected').count()) === 0)
          await list.locator('.git-commit-row').first().click();
        await expect(page.locator('.git-commit-files')).toBeVisible();
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(screenshots, `git-history-${locale}-${theme}.png`) });
      }
    }
  });
});

async function setTheme(page: Page, workbench: Workbench, theme: 'dark' | 'light') {
  if ((await page.locator('html').getAttribute('data-theme')) === theme) return;
  const title = (await page.locator('html').getAttribute('lang')) === 'ar' ? 'تبديل السمة' : 'Toggle Theme';
  await workbench.runCommand(title);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}
