import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { test } from '../support/fixtures';
import { TerminalPanel } from '../support/terminal-panel';

const screenshots = join(import.meta.dirname, '..', '..', '..', '..', 'artifacts', 'screenshots');

test.describe('terminal', () => {
  test.beforeEach(({ host }) => {
    // A host that dies mid-test shows only as a lost connection in the page: say so in the log.
    host.process.once('exit', (code, signal) => {
      if (code !== 0 || signal) console.log(`web host exited: code ${code}, signal ${signal}`);
    });
  });

  test('runs a command in the project folder and shows its output', async ({ page, workbench, project }) => {
    const terminal = new TerminalPanel(page);
    await workbench.waitForShell();
    await terminal.open();
    await terminal.create();
    // The quotes keep the typed command itself from reading "hello".
    await terminal.run('echo "hel""lo"');
    await terminal.expectLine(/^hello$/m);
    await terminal.run('pwd');
    await terminal.expectLine(new RegExp(`^${project.root.replace(/[/.-]/g, '\\$&')}$`, 'm'));
  });

  test('resizing the panel and the window changes what stty size reports', async ({ page, workbench }) => {
    const terminal = new TerminalPanel(page);
    await workbench.waitForShell();
    await terminal.open();
    await terminal.create();
    const before = await terminal.sttySize('size1');
    expect(before.rows).toBeGreaterThan(3);
    expect(before.cols).toBeGreaterThan(40);

    const splitter = page.getByRole('separator', { name: 'Resize panel' });
    await splitter.focus();
    for (let i = 0; i < 12; i++) await splitter.press('ArrowUp');
    const taller = await terminal.sttySize('size2');
    expect(taller.rows).toBeGreaterThan(before.rows + 3);

    await page.setViewportSize({ width: 1000, height: 800 });
    const narrower = await terminal.sttySize('size3');
    expect(narrower.cols).toBeLessThan(taller.cols - 10);
  });

  test('a reloaded window re-attaches to its terminals with their recent output', async ({ page, workbench }) => {
    const terminal = new TerminalPanel(page);
    await workbench.waitForShell();
    await terminal.open();
    await terminal.create();
    await terminal.run('echo "before-""reload"');
    await terminal.expectLine(/^before-reload$/m);

    await page.reload();
    await workbench.waitForShell();
    await terminal.open();
    await expect(terminal.list.getByRole('tab')).toHaveCount(1);
    await terminal.expectLine(/^before-reload$/m);
    await terminal.run('echo "after-""reload"');
    await terminal.expectLine(/^after-reload$/m);
  });

  test('several terminals: new, rename, switch, kill', async ({ page, workbench }) => {
    const terminal = new TerminalPanel(page);
    await workbench.waitForShell();
    await terminal.open();
    await terminal.create();
    await terminal.run('echo "fir""st"');
    await terminal.create();
    await expect(terminal.list.getByRole('tab')).toHaveCount(2);

    await page.getByRole('button', { name: 'Rename Terminal' }).click();
    const name = page.getByRole('textbox', { name: 'Terminal name' });
    await name.fill('server');
    await name.press('Enter');
    await expect(terminal.list.getByRole('tab', { name: 'server' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('region', { name: 'Terminal server' })).toBeVisible();

    await terminal.list.getByRole('tab').first().click();
    await terminal.expectLine(/^first$/m);

    await terminal.list.getByRole('tab', { name: 'server' }).click();
    await page.getByRole('button', { name: 'Kill Terminal' }).click();
    await expect(terminal.list.getByRole('tab')).toHaveCount(1);
    await expect(terminal.list.getByRole('tab', { name: 'server' })).toHaveCount(0);
  });

  test('a yes flood does not freeze the window, and Ctrl+C stops it', async ({ page, workbench }) => {
    const terminal = new TerminalPanel(page);
    await workbench.waitForShell();
    await terminal.open();
    await terminal.create();
    await terminal.run('yes "flood-line"');
    await terminal.expectLine(/^flood-line$/m);
    // While the flood runs the page keeps painting: 60 frames come, however slowly a loaded machine
    // paints them (a page the flood froze never gets there; the test's timeout is the only deadline).
    // The longest gap between them is a figure for the report, not a pass mark.
    const longestFrameGap = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let last = performance.now();
          let longest = 0;
          let frames = 0;
          const frame = (now: number) => {
            longest = Math.max(longest, now - last);
            last = now;
            if (++frames < 60) requestAnimationFrame(frame);
            else resolve(longest);
          };
          requestAnimationFrame(frame);
        }),
    );
    test
      .info()
      .annotations.push({ type: 'longest frame gap during a flood', description: `${Math.round(longestFrameGap)} ms` });
    await page.keyboard.press('Control+c');
    await terminal.run('clear; echo "qu""iet"');
    await terminal.expectLine(/^quiet$/m);
  });

  test('screenshots: English and Arabic, dark and light', async ({ page, workbench }) => {
    const terminal = new TerminalPanel(page);
    await workbench.waitForShell();
    await terminal.open();
    await terminal.create();
    await terminal.run('printf "\\033[32mgreen\\033[0m \\033[31mred\\033[0m https://example.com\\n"; ls');
    await terminal.expectLine(/^green red https:\/\/example\.com$/m);
    await terminal.create();
    await terminal.run('echo "مرحبا hello"');
    await terminal.list.getByRole('tab').first().click();
    await mkdir(screenshots, { recursive: true });
    const ar = JSON.parse(
      await readFile(join(import.meta.dirname, '..', '..', '..', '..', 'packages/ui/src/i18n/ar.json'), 'utf8'),
    );
    for (const locale of ['en', 'ar'] as const) {
      if (locale === 'ar') {
        await workbench.runCommand('Switch Language');
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      }
      const toggle = locale === 'en' ? 'Toggle Theme' : ar.commands.preferences.toggleTheme;
      for (const theme of ['dark', 'light'] as const) {
        if ((await page.locator('html').getAttribute('data-theme')) !== theme) await workbench.runCommand(toggle);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(screenshots, `terminal-${locale}-${theme}.png`) });
      }
    }
  });
});
