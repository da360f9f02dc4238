import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';

test.describe('editing files', () => {
  test('opens a file from the tree, types in Monaco, saves to disk', async ({ workbench, project }) => {
    await workbench.openFromTree('src', 'greet.ts');
    await expect(workbench.editor).toContainText('export function greet');
    await workbench.typeAtEnd('\nexport const saved = true;');
    await expect(workbench.tab('greet.ts')).toHaveAccessibleName(/unsaved/);
    await workbench.save();
    await expect(workbench.tab('greet.ts')).not.toHaveAccessibleName(/unsaved/);
    const onDisk = await readFile(project.file('src/greet.ts'), 'utf8');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the file's own text.
    expect(onDisk).toContain('return `Hello, ${name}!`;');
    expect(onDisk.trimEnd().endsWith('export const saved = true;')).toBe(true);
  });

  test('a change made on disk by another program shows in the open editor', async ({ workbench, project }) => {
    await workbench.openFromTree('README.md');
    await expect(workbench.editor).toContainText('Book appointments with doctors.');
    await writeFile(project.file('README.md'), '# Clinic booking\n\nChanged by another program.\n');
    await expect(workbench.editor).toContainText('Changed by another program.');
    await expect(workbench.editor).not.toContainText('Book appointments');
  });

  test('unsaved changes and a change on disk: the user chooses, nothing is lost', async ({
    workbench,
    page,
    project,
  }) => {
    await workbench.openFromTree('README.md');
    await workbench.typeAtEnd('\nmy unsaved line');
    await writeFile(project.file('README.md'), '# Rewritten elsewhere\n');
    const bar = page.getByRole('alert').filter({ hasText: 'changed on disk' });
    await expect(bar).toBeVisible();
    // The user's text is still in the editor and the file still has the other program's text.
    await expect(workbench.editor).toContainText('my unsaved line');
    expect(await readFile(project.file('README.md'), 'utf8')).toBe('# Rewritten elsewhere\n');
    await bar.getByRole('button', { name: 'Overwrite' }).click();
    await expect(bar).toBeHidden();
    await expect.poll(() => readFile(project.file('README.md'), 'utf8')).toContain('my unsaved line');
  });

  test('closing a tab with unsaved changes asks first', async ({ workbench, page, project }) => {
    await workbench.openFromTree('src', 'index.ts');
    await workbench.typeAtEnd('\n// draft');
    await workbench.tabs.getByRole('button', { name: 'Close index.ts' }).click();
    const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    await expect(dialog).toContainText('Do you want to save the changes you made to index.ts?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(workbench.tab('index.ts')).toBeVisible();
    await workbench.tabs.getByRole('button', { name: 'Close index.ts' }).click();
    await dialog.getByRole('button', { name: "Don't Save" }).click();
    await expect(workbench.tab('index.ts')).toHaveCount(0);
    expect(await readFile(project.file('src/index.ts'), 'utf8')).not.toContain('// draft');
  });

  test('a file deleted while open keeps its text, and saving creates it again', async ({
    workbench,
    page,
    project,
  }) => {
    await workbench.openFromTree('src', 'greet.ts');
    await workbench.typeAtEnd('\n// keep me');
    await rm(project.file('src/greet.ts'));
    await expect(workbench.tabs.getByRole('tab', { name: /deleted on disk/ })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'deleted on disk' })).toBeVisible();
    await expect(workbench.editor).toContainText('// keep me');
    await workbench.save();
    await expect.poll(() => readFile(project.file('src/greet.ts'), 'utf8').catch(() => '')).toContain('// keep me');
  });

  test('reopens the editors that were open when the window is reloaded', async ({ workbench, page, host }) => {
    await workbench.openFromTree('src', 'greet.ts');
    await workbench.openFromTree('README.md');
    // The open editors are remembered in the data folder, shortly after they change.
    await expect
      .poll(async () =>
        JSON.stringify(JSON.parse(await readFile(join(host.dataDir, 'workspaces.json'), 'utf8')).sessions),
      )
      .toContain('"activeFile":"README.md"');
    await page.reload();
    await workbench.waitForShell();
    await expect(workbench.tab('greet.ts')).toBeVisible();
    await expect(workbench.tab('README.md')).toHaveAttribute('aria-selected', 'true');
  });
});
