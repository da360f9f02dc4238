import { access, readFile } from 'node:fs/promises';
import { expect, test } from '../support/fixtures';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

test.describe('the explorer', () => {
  test('creates, renames and deletes files and folders from the tree', async ({ workbench, page, project }) => {
    const toolbar = page.getByRole('toolbar', { name: 'Explorer actions' });

    await toolbar.getByRole('button', { name: 'New File…' }).click();
    const name = page.getByRole('textbox', { name: 'Name of the new file' });
    await name.fill('notes.md');
    await name.press('Enter');
    await expect(workbench.treeItem('notes.md')).toBeVisible();
    await expect.poll(() => exists(project.file('notes.md'))).toBe(true);

    await toolbar.getByRole('button', { name: 'New Folder…' }).click();
    const folderName = page.getByRole('textbox', { name: 'Name of the new folder' });
    await folderName.fill('billing');
    await folderName.press('Enter');
    await expect(workbench.treeItem('billing')).toBeVisible();

    const menu = await workbench.openContextMenu('notes.md');
    await menu.getByRole('menuitem', { name: 'Rename…' }).click();
    const rename = page.getByRole('textbox', { name: 'New name for notes.md' });
    await rename.fill('README.md');
    await expect(page.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible();
    await rename.fill('meeting-notes.md');
    await rename.press('Enter');
    await expect(workbench.treeItem('meeting-notes.md')).toBeVisible();
    await expect(workbench.treeItem('notes.md')).toHaveCount(0);
    expect(await exists(project.file('meeting-notes.md'))).toBe(true);
    expect(await exists(project.file('notes.md'))).toBe(false);

    const menu2 = await workbench.openContextMenu('meeting-notes.md');
    await menu2.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    await expect(confirm).toContainText('meeting-notes.md');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await exists(project.file('meeting-notes.md'))).toBe(true);

    await (await workbench.openContextMenu('meeting-notes.md')).getByRole('menuitem', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(workbench.treeItem('meeting-notes.md')).toHaveCount(0);
    await expect.poll(() => exists(project.file('meeting-notes.md'))).toBe(false);
    expect(await readFile(project.file('README.md'), 'utf8')).toContain('Clinic booking');
  });

  test('shows files another program adds', async ({ workbench, project }) => {
    const { writeFile } = await import('node:fs/promises');
    await expect(workbench.treeItem('README.md')).toBeVisible();
    await writeFile(project.file('CHANGELOG.md'), '# Changes\n');
    await expect(workbench.treeItem('CHANGELOG.md')).toBeVisible();
  });

  test('the tree is operable with the keyboard', async ({ workbench, page }) => {
    await workbench.treeItem('src').click();
    await expect(workbench.treeItem('src')).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(workbench.tabs.getByRole('tab')).toHaveCount(1);
  });
});
