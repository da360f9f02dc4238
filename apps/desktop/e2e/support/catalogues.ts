import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
/** Where specs leave stills for a person to look at (`artifacts/screenshots`). */
export const screenshots = join(repo, 'artifacts', 'screenshots');

export type Locale = 'en' | 'ar';
// biome-ignore lint/suspicious/noExplicitAny: catalogues are read loosely, by key.
export type Catalogue = any;

/** A UI feature's shipped catalogue (specs read the texts, never copy them). */
export const catalogue = (feature: string, locale: Locale): Catalogue =>
  JSON.parse(readFileSync(join(repo, 'packages/ui/src', feature, `strings.${locale}.json`), 'utf8'));

/** A still for a person to look at: the page once animations settled, the pointer out of the way. */
export async function still(page: Page, name: string): Promise<void> {
  // Over the welcome page in either direction, where hovering shows nothing.
  await page.mouse.move(700, 500);
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
  );
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}
