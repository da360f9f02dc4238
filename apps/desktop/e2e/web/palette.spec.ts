import { expect, test } from '../support/fixtures';

test.describe('quick open and the command palette', () => {
  test('quick open finds a file by a fuzzy name and opens it', async ({ workbench, page }) => {
    const list = await workbench.quickOpen('apptmnt');
    await expect(list.getByRole('option').first()).toContainText('appointment.ts');
    await page.keyboard.press('Enter');
    await expect(workbench.tab('appointment.ts')).toHaveAttribute('aria-selected', 'true');
    await expect(workbench.editor).toContainText('export interface Appointment');
  });

  test('the command palette runs a command', async ({ workbench, page }) => {
    const before = await page.locator('html').getAttribute('data-theme');
    await workbench.runCommand('Toggle Theme');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', before ?? '');
  });

  test('Escape closes the palette and gives focus back', async ({ workbench, page }) => {
    await workbench.quickOpen('read');
    await page.keyboard.press('Escape');
    await expect(workbench.paletteInput()).toHaveCount(0);
  });
});
