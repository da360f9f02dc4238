import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { callCore } from '../support/web-host';
import type { Workbench } from '../support/workbench';

const screenshots = join(import.meta.dirname, '..', '..', '..', '..', 'artifacts', 'screenshots');
const catalogue = async (locale: 'en' | 'ar') =>
  JSON.parse(
    await readFile(join(import.meta.dirname, '..', '..', '..', '..', 'packages/ui/src/i18n', `${locale}.json`), 'utf8'),
  );

async function setTheme(page: Page, workbench: Workbench, theme: 'dark' | 'light', title: string) {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await workbench.runCommand(title);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.describe('language, direction and theme', () => {
  test('switches to Arabic: right-to-left, translated, remembered, and back', async ({ workbench, page, host }) => {
    const ar = await catalogue('ar');
    const en = await catalogue('en');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await workbench.runCommand('Switch Language');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('navigation', { name: ar.activityBar.label })).toBeVisible();
    await expect(page.getByRole('button', { name: ar.views.explorer.title }).first()).toBeVisible();
    // The activity bar sits on the right in right-to-left.
    const bar = await page.getByRole('navigation', { name: ar.activityBar.label }).boundingBox();
    expect(bar?.x ?? 0).toBeGreaterThan(640);

    // Remembered means core has saved it: a reload that outran the save would rightly come back in English.
    await expect.poll(async () => ((await callCore(host, 'settings.get', {})) as { locale: string }).locale).toBe('ar');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('navigation', { name: ar.activityBar.label })).toBeVisible();

    await page
      .getByRole('region', { name: ar.status.label })
      .getByRole('button', { name: ar.commands.preferences.switchLanguage })
      .click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('navigation', { name: en.activityBar.label })).toBeVisible();
  });

  test('screenshots: English and Arabic, dark and light', async ({ workbench, page }) => {
    await mkdir(screenshots, { recursive: true });
    await workbench.openFromTree('src', 'domain', 'appointment.ts');
    await workbench.openFromTree('docs', 'guide.md');
    await workbench.openFromTree('src', 'greet.ts');
    const ar = await catalogue('ar');
    for (const locale of ['en', 'ar'] as const) {
      if (locale === 'ar') {
        await workbench.runCommand('Switch Language');
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      }
      const themeTitle = locale === 'en' ? 'Toggle Theme' : ar.commands.preferences.toggleTheme;
      for (const theme of ['dark', 'light'] as const) {
        await setTheme(page, workbench, theme, themeTitle);
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(screenshots, `${locale}-${theme}.png`) });
      }
    }
  });
});
