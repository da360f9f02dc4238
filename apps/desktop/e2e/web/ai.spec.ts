import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  fixtureResponder,
  type MessagesApiServer,
  startMessagesApiServer,
} from '../../../../packages/core/test/orchestrator/messages-api-server';
import { expect, test } from '../support/fixtures';
import { TerminalPanel } from '../support/terminal-panel';
import { callCore } from '../support/web-host';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
const screenshots = join(repo, 'artifacts', 'screenshots');
const cli = join(repo, 'apps', 'desktop', 'bin', 'webnova.mjs');
const KEY = 'sk-ant-e2e-key-0123456789';

class AiPanel {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Activity bar' })
      .getByRole('button', { name: 'AI Orchestrator' })
      .click();
    await expect(this.page.getByRole('log', { name: 'Conversation with the AI' })).toBeVisible();
  }

  async ask(prompt: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Describe the platform, or the change to make' }).fill(prompt);
    await this.page.getByRole('button', { name: 'Send' }).click();
  }

  get summary() {
    return this.page.getByTestId('ai-summary').last();
  }

  /** Apply, then approve the Decision in the Inbox as the owner, and come back. */
  async applyAndApprove(): Promise<void> {
    // An earlier turn's "Applied" line stays in the conversation: this one's is the next of them.
    const applied = this.page.getByText(/^Applied\. Checkpoint [0-9a-f]{7}\.$/);
    const before = await applied.count();
    await this.page.getByRole('button', { name: 'Apply', exact: true }).last().click();
    await expect(this.page.getByText("Waiting for the owner's approval in the Inbox.")).toBeVisible({
      timeout: 90_000,
    });
    await this.page.getByRole('button', { name: 'Review in Inbox' }).click();
    const details = this.page.getByRole('region', { name: 'Decision details' });
    await expect(details).toBeVisible();
    await details.getByRole('button', { name: 'Approve' }).click();
    await this.open();
    await expect(applied).toHaveCount(before + 1);
  }
}

test.describe('the AI panel', () => {
  // The governance store opens on first Apply; on two busy cores that alone can take half a minute.
  test.setTimeout(480_000);

  test('offline: a prompt gives a summary and a diff; Apply goes through the Inbox and writes the Blueprint', async ({
    page,
    host,
    project,
    workbench: _workbench,
  }) => {
    const ai = new AiPanel(page);
    await ai.open();
    await expect(page.getByTestId('ai-provider')).toHaveText(/Offline planner/);
    await ai.ask('a clinic booking system with doctors, patients and appointments, HIPAA');
    await expect(ai.summary).toContainText('entities');
    await expect(ai.summary).toContainText('HIPAA');
    await expect(page.locator('.ai-proposal .monaco-diff-editor')).toBeVisible();
    expect(existsSync(project.file('webnova.blueprint.json'))).toBe(false);

    await mkdir(screenshots, { recursive: true });
    for (const [locale, theme] of [
      ['en', 'dark'],
      ['en', 'light'],
      ['ar', 'light'],
      ['ar', 'dark'],
    ] as const) {
      await callCore(host, 'settings.update', { locale, theme });
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.mouse.move(640, 700);
      await page.screenshot({ path: join(screenshots, `ai-${locale}-${theme}.png`) });
    }
    await callCore(host, 'settings.update', { locale: 'en', theme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await ai.applyAndApprove();
    const written = JSON.parse(await readFile(project.file('webnova.blueprint.json'), 'utf8'));
    expect(written.platform.compliance).toContain('HIPAA');
    const checkpoints = page.getByRole('region', { name: 'Checkpoints' });
    await expect(checkpoints.getByRole('listitem')).toHaveCount(1);

    // Generate: the Blueprint the AI wrote becomes a project.
    const generated = spawnSync(
      process.execPath,
      [cli, 'generate', project.file('webnova.blueprint.json'), '--out', project.file('app')],
      { encoding: 'utf8' },
    );
    expect(generated.status, generated.stderr).toBe(0);
    expect(existsSync(project.file('app/package.json'))).toBe(true);

    // A follow-up becomes a patch of the Blueprint on disk.
    await ai.ask('add invoices with amount and due date; accountants can read them');
    await expect(ai.summary).toContainText('Invoice');
    await ai.applyAndApprove();
    expect(await readFile(project.file('webnova.blueprint.json'), 'utf8')).toContain('"Invoice"');
    await expect(checkpoints.getByRole('listitem')).toHaveCount(2);

    // One click back to the first checkpoint.
    await checkpoints
      .getByRole('button', { name: /^Restore checkpoint/ })
      .last()
      .click();
    await expect(checkpoints.getByRole('listitem')).toHaveCount(3);
    expect(await readFile(project.file('webnova.blueprint.json'), 'utf8')).not.toContain('"Invoice"');
  });

  test('explain and fix from the editor and the terminal: the question lands in the AI panel with its context', async ({
    page,
    host,
    workbench,
  }) => {
    const conversation = page.getByRole('log', { name: 'Conversation with the AI' });

    // The editor's context menu: explain the selected lines.
    await workbench.openFromTree('src', 'greet.ts');
    await page.locator('.monaco-editor .view-line').first().click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await page.locator('.monaco-editor .view-lines').click({ button: 'right', position: { x: 40, y: 8 } });
    await expect(page.getByRole('menuitem', { name: 'Explain with AI' })).toBeVisible();
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'ai-editor-menu-en-dark.png') });
    await page.getByRole('menuitem', { name: 'Explain with AI' }).click();
    await expect(conversation).toContainText('Explain src/greet.ts, lines 1–2');
    await expect(conversation).toContainText('The selection is 2 lines.');
    await expect(conversation).toContainText('src/greet.ts: 4 lines, 0 imports; declares greet.');

    // The palette: fix this code, with nothing selected and no error in the file.
    await workbench.editor.click();
    await workbench.runCommand('AI: Fix This Code');
    await expect(conversation).toContainText('Fix the code in src/greet.ts');

    // The terminal: an error naming a file of the project; the AI gets the text and that file.
    const terminal = new TerminalPanel(page);
    await terminal.open();
    await terminal.create();
    await terminal.run(
      `printf 'TypeError: name.trim is not a function\\n    at greet (%s/src/greet.ts:2:10)\\n' "$PWD"`,
    );
    await terminal.expectLine(/at greet \(.*src\/greet\.ts:2:10\)/);
    await page.getByRole('button', { name: 'Fix the error in this terminal with AI' }).click();
    await expect(conversation).toContainText(/Fix the error shown in terminal/);
    await expect(conversation).toContainText('The error points at src/greet.ts line 2, column 10.');
    await expect(conversation).toContainText('It says: TypeError: name.trim is not a function');
    await expect(conversation).toContainText('src/greet.ts: 4 lines');
    await page.screenshot({ path: join(screenshots, 'ai-fix-from-terminal-en-dark.png') });

    // The editor's menu speaks the UI's language.
    await callCore(host, 'settings.update', { locale: 'ar', theme: 'light' });
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.locator('.monaco-editor .view-lines').click({ button: 'right', position: { x: 40, y: 8 } });
    await expect(page.getByRole('menuitem', { name: 'أصلح بالذكاء الاصطناعي' })).toBeVisible();
    await page.screenshot({ path: join(screenshots, 'ai-editor-menu-ar-light.png') });
    await page.keyboard.press('Escape');
  });

  test('Claude: with a key and a local Messages-API server as the base URL, the same flow', async ({
    page,
    project,
    workbench: _workbench,
  }) => {
    const server: MessagesApiServer = await startMessagesApiServer(fixtureResponder);
    try {
      const ai = new AiPanel(page);
      await ai.open();
      await page.getByRole('button', { name: 'AI settings and API key' }).click();
      const settings = page.getByRole('region', { name: 'AI settings and API key' });
      // The address first: the provider reads Claude as soon as a key is set, so the label below
      // cannot tell whether a later address was saved yet.
      await settings.getByLabel('API address (for a proxy)').fill(server.url);
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await settings.getByLabel('Anthropic API key').fill(KEY);
      await settings.getByRole('button', { name: 'Save key' }).click();
      await expect(settings.getByText("A key is set, kept encrypted in the app's data folder.")).toBeVisible();
      await expect(settings.getByLabel('Anthropic API key')).toHaveValue('');
      await expect(page.getByTestId('ai-provider')).toHaveText(/Claude · claude-sonnet-5-5/);
      await page.screenshot({ path: join(screenshots, 'ai-claude-settings-en-dark.png') });

      await ai.ask('a clinic booking system with doctors, patients and appointments');
      await expect(ai.summary).toContainText('HIPAA');
      await expect(page.getByText(/Claude · 8084 tokens/)).toBeVisible();
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.headers['x-api-key']).toBe(KEY);
      expect(await page.content()).not.toContain(KEY);

      await ai.applyAndApprove();
      const written = JSON.parse(await readFile(project.file('webnova.blueprint.json'), 'utf8'));
      expect(written.platform.slug).toMatch(/^clinic/);
    } finally {
      await server.close();
    }
  });
});
