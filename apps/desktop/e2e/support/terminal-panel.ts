import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The Terminal tab as a person uses it. What a terminal shows is read from the rows xterm.js
 * renders into the region named "Terminal <name>" (`.xterm-rows`, one element per screen row):
 * the text on screen, exactly what a person reads.
 */
export class TerminalPanel {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('tablist', { name: 'Panel' }).getByRole('tab', { name: 'Terminal' }).click();
  }

  get list(): Locator {
    return this.page.getByRole('tablist', { name: 'Terminals' });
  }

  get screen(): Locator {
    return this.page.getByRole('region', { name: /^Terminal / });
  }

  async create(): Promise<void> {
    const before = await this.list.getByRole('tab').count();
    await this.page.getByRole('button', { name: 'New Terminal' }).first().click();
    await expect(this.list.getByRole('tab')).toHaveCount(before + 1);
    await expect(this.screen.locator('.xterm-rows')).toBeVisible();
    await this.waitForPrompt();
  }

  /** The shell has drawn something (its prompt) and the cursor waits. */
  async waitForPrompt(): Promise<void> {
    await expect.poll(async () => (await this.text()).trim().length).toBeGreaterThan(0);
  }

  async run(command: string): Promise<void> {
    await this.screen.click();
    await this.page.keyboard.type(command);
    await this.page.keyboard.press('Enter');
  }

  /** The rows on screen, one line each, trailing blanks dropped. */
  async text(): Promise<string> {
    return this.screen.evaluate((screen) =>
      [...screen.querySelectorAll('.xterm-rows > div')]
        .map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
        .join('\n'),
    );
  }

  async expectLine(pattern: RegExp): Promise<void> {
    await expect.poll(() => this.text()).toMatch(pattern);
  }

  /** Runs `stty size` after a marker and reads the answer: rows and columns as the shell sees them. */
  async sttySize(marker: string): Promise<{ rows: number; cols: number }> {
    await this.run(`clear; echo "${marker}=$(stty size)"`);
    const pattern = new RegExp(`^${marker}=(\\d+) (\\d+)$`, 'm');
    await this.expectLine(pattern);
    const match = pattern.exec(await this.text());
    return { rows: Number(match?.[1]), cols: Number(match?.[2]) };
  }
}
