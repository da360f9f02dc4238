import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/**
 * The IDE as a person sees it, found by role and accessible name. Shared by the web and the
 * Electron end-to-end tests; names are the English ones unless a test switches language.
 */
export class Workbench {
  constructor(readonly page: Page) {}

  get tree(): Locator {
    return this.page.getByRole('tree');
  }

  treeItem(name: string): Locator {
    return this.tree.getByRole('treeitem', { name, exact: true });
  }

  get tabs(): Locator {
    return this.page.getByRole('tablist', { name: 'Open editors' });
  }

  tab(name: string): Locator {
    return this.tabs.getByRole('tab', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) });
  }

  get editor(): Locator {
    return this.page.locator('.monaco-editor').first();
  }

  async waitForShell(): Promise<void> {
    // The first paint may wait on a cold build cache and a busy machine; later steps use the default timeout.
    await expect(this.page.getByRole('navigation', { name: 'Activity bar' })).toBeVisible({ timeout: 120_000 });
  }

  async openFromTree(...path: string[]): Promise<void> {
    for (const [index, name] of path.entries()) {
      const item = this.treeItem(name);
      if (index < path.length - 1) {
        if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
      } else {
        await item.click();
      }
    }
    await expect(this.tab(path[path.length - 1] as string)).toHaveAttribute('aria-selected', 'true');
    await expect(this.editor).toBeVisible();
  }

  /** Puts the caret at the end of the document and types there. */
  async typeAtEnd(text: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press(`${mod}+End`);
    await this.page.keyboard.type(text);
  }

  async editorText(): Promise<string> {
    return this.page.evaluate(() => {
      const lines = [...document.querySelectorAll('.monaco-editor .view-line')] as HTMLElement[];
      return lines
        .sort((a, b) => Number.parseFloat(a.style.top) - Number.parseFloat(b.style.top))
        .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
        .join('\n');
    });
  }

  async save(): Promise<void> {
    await this.page.keyboard.press(`${mod}+s`);
  }

  async openContextMenu(name: string): Promise<Locator> {
    await this.treeItem(name).click({ button: 'right' });
    const menu = this.page.getByRole('menu');
    await expect(menu).toBeVisible();
    return menu;
  }

  /** The palette's input; the preview's viewport and zoom pickers are comboboxes too. */
  paletteInput(): Locator {
    return this.page.getByRole('dialog').getByRole('combobox');
  }

  async quickOpen(query: string): Promise<Locator> {
    await this.page.keyboard.press(`${mod}+p`);
    const box = this.paletteInput();
    await expect(box).toBeFocused();
    await box.fill(query);
    return this.page.getByRole('listbox');
  }

  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press(`${mod}+Shift+p`);
    const box = this.paletteInput();
    await expect(box).toBeFocused();
    await box.fill(`>${title}`);
    await expect(this.page.getByRole('dialog').getByRole('option').first()).toContainText(title);
    await box.press('Enter');
    await expect(this.page.getByRole('listbox')).toBeHidden();
  }
}

/**
 * A status-bar button by its title in the UI's current language, read from the shipped catalogue so
 * the Arabic titles are not copied here. Scoped to the status bar: other regions have buttons too.
 */
export async function statusButton(
  page: Page,
  locale: 'en' | 'ar',
  key: 'switchLanguage' | 'toggleTheme',
): Promise<Locator> {
  const file = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'ui', 'src', 'i18n', `${locale}.json`);
  const strings = JSON.parse(await readFile(file, 'utf8')) as {
    status: { label: string };
    commands: { preferences: Record<string, string> };
  };
  return page
    .getByRole('region', { name: strings.status.label })
    .getByRole('button', { name: strings.commands.preferences[key] });
}
