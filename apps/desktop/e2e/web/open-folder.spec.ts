import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { startHost } from '../support/web-host';
import { Workbench } from '../support/workbench';

test('opens a folder from the Open Folder dialog and lists it in Recent', async ({ page, project }) => {
  const host = await startHost();
  try {
    await page.goto(host.url);
    const workbench = new Workbench(page);
    await workbench.waitForShell();
    await expect(page.getByText('You have not yet opened a folder.')).toBeVisible();

    await page.getByRole('button', { name: 'Open Folder' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Open Folder' });
    const path = dialog.getByRole('textbox', { name: 'Folder path' });
    await path.fill(join(project.root, 'does-not-exist'));
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();

    await path.fill(project.root);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(workbench.treeItem('README.md')).toBeVisible();
    await workbench.runCommand('Close Folder');
    await expect(page.getByRole('button', { name: /clinic-booking/ }).first()).toBeVisible();
  } finally {
    await host.stop();
  }
});
