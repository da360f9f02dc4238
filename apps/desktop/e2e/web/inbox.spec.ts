import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { callCore, type RunningHost, startHost } from '../support/web-host';
import { Workbench } from '../support/workbench';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
const screenshots = join(repo, 'artifacts', 'screenshots');
const cli = join(repo, 'apps', 'desktop', 'bin', 'webnova.mjs');

/**
 * Plays the AI: proposes an action through the public API over the WebSocket, exactly as any agent
 * outside core would. It goes through `propose`, so the constitution decides; nothing is written directly.
 */
async function propose(
  host: RunningHost,
  params: Record<string, unknown>,
): Promise<{ outcome: string; decision?: { id: string } }> {
  return (await callCore(host, 'governance.propose', params)) as { outcome: string; decision?: { id: string } };
}

const catalogues = {
  en: JSON.parse(readFileSync(join(repo, 'packages/ui/src/i18n/en.json'), 'utf8')),
  ar: JSON.parse(readFileSync(join(repo, 'packages/ui/src/i18n/ar.json'), 'utf8')),
};

/** The status bar's language or theme switch, whatever the current language. */
function statusButton(page: Page, command: 'switchLanguage' | 'toggleTheme') {
  const names = [catalogues.en, catalogues.ar].map((c) =>
    (c.commands.preferences[command] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return page.locator('.status-bar').getByRole('button', { name: new RegExp(`^(${names.join('|')})$`) });
}

async function openInbox(page: Page) {
  await page.getByRole('button', { name: 'Inbox', exact: true }).click();
  await expect(page.getByRole('tablist', { name: 'Inbox sections' })).toBeVisible();
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: this is the text of a TypeScript file.
const greetAfter = 'export function greet(name: string): string {\n  return `Welcome, ${name}!`;\n}\n';

test.describe('the Inbox', () => {
  // Two host starts, two store opens and four screenshots: slower than the default minute on 2 busy cores.
  test.setTimeout(480_000);
  test('a pending decision is approved in the UI and changes the file once; a rejected one changes nothing', async ({
    page,
    project,
  }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'webnova-e2e-inbox-'));
    let host = await startHost(project.root, dataDir);
    try {
      // Desktop notifications: allowed, and recorded so the test can see them.
      await page.context().grantPermissions(['notifications']);
      await page.addInitScript(() => {
        const shown: string[] = [];
        (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
        const Real = window.Notification;
        class Recorded extends Real {
          constructor(title: string, options?: NotificationOptions) {
            super(title, options);
            shown.push(title);
          }
        }
        Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
        window.Notification = Recorded as typeof Notification;
      });
      await page.goto(host.url);
      const workbench = new Workbench(page);
      await workbench.waitForShell();
      const greetBefore = await readFile(project.file('src/greet.ts'), 'utf8');

      const first = await propose(host, {
        kind: 'file.write',
        payload: { path: 'src/greet.ts', content: greetAfter },
        rationale: 'Greet visitors warmly.',
      });
      expect(first.outcome).toBe('pending');
      const badge = page.getByTestId('inbox-badge');
      await expect(badge).toHaveText('1');
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications))
        .toEqual(['WebNova: approval needed']);
      await expect(page.getByTestId('audit-indicator')).toHaveAttribute('data-state', 'ok');

      // Keyboard only: open the Inbox, move to the decision, open it, comment and approve.
      await openInbox(page);
      const list = page.getByRole('listbox', { name: 'Decisions waiting for you' });
      await expect(list.getByRole('option')).toHaveCount(1);
      await list.getByRole('option').first().focus();
      await page.keyboard.press('Enter');
      const details = page.getByRole('region', { name: 'Decision details' });
      await expect(details).toBeVisible();
      await expect(details.getByTestId('inbox-risk-line')).toContainText(/low|medium|high/);
      await expect(details.locator('.monaco-diff-editor')).toBeVisible();
      await expect(details).toContainText('Greet visitors warmly.');
      await expect(await readFile(project.file('src/greet.ts'), 'utf8')).toBe(greetBefore);

      // Widen the side bar, as someone reading a diff would.
      const splitter = page.getByRole('separator', { name: 'Resize side bar' });
      const box = await splitter.boundingBox();
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + 300, box.y + box.height / 2, { steps: 5 });
        await page.mouse.up();
      }
      await mkdir(screenshots, { recursive: true });
      for (const [locale, theme] of [
        ['en', 'dark'],
        ['en', 'light'],
        ['ar', 'light'],
        ['ar', 'dark'],
      ] as const) {
        if ((await page.locator('html').getAttribute('lang')) !== locale) {
          await statusButton(page, 'switchLanguage').click();
          await expect(page.locator('html')).toHaveAttribute('lang', locale);
        }
        if ((await page.locator('html').getAttribute('data-theme')) !== theme) {
          await statusButton(page, 'toggleTheme').click();
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        }
        await page.mouse.move(900, 700);
        // Transitions (hover, theme) over before the picture, not a guess at how long they take; an
        // endless animation (a blinking cursor) never ends and does not count.
        await page.waitForFunction(() =>
          document
            .getAnimations()
            .every(
              (animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity,
            ),
        );
        await page.screenshot({ path: join(screenshots, `inbox-${locale}-${theme}.png`) });
      }
      // Back to English for the names below.
      await statusButton(page, 'switchLanguage').click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');

      const comment = page.getByRole('textbox', { name: 'Comment' });
      await comment.focus();
      await page.keyboard.type('Friendlier, thanks.');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Approve' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(badge).toBeHidden();
      await expect.poll(() => readFile(project.file('src/greet.ts'), 'utf8')).toBe(greetAfter);
      await expect(page.getByText('Nothing waits for your approval.', { exact: false })).toBeVisible();

      // A second proposal, rejected: the file keeps the approved content.
      const second = await propose(host, {
        kind: 'file.write',
        payload: { path: 'src/greet.ts', content: 'export const greet = () => "pwned";\n' },
        rationale: 'Simplify.',
      });
      expect(second.outcome).toBe('pending');
      await expect(badge).toHaveText('1');
      await list.getByRole('option').first().click();
      await page.getByRole('textbox', { name: 'Comment' }).fill('No.');
      await page.getByRole('button', { name: 'Reject' }).click();
      await expect(badge).toBeHidden();
      expect(await readFile(project.file('src/greet.ts'), 'utf8')).toBe(greetAfter);

      // The constitution view, with the JSON Schema behind the editor.
      await page.getByRole('tab', { name: 'Constitution' }).click();
      await expect(page.getByText(/^Version 1\./)).toBeVisible();
      await expect(page.locator('.inbox-constitution-editor .monaco-editor')).toBeVisible();
      await page.screenshot({ path: join(screenshots, 'inbox-constitution-en-dark.png') });

      // Tamper with the audit data behind the app's back, then start it again: the indicator turns red.
      await expect(page.getByTestId('audit-indicator')).toHaveAttribute('data-state', 'ok');
      await host.stop();
      const db = await PGlite.create({ dataDir: join(dataDir, 'store') });
      const { rows } = await db.query<{ n: number }>(
        `update events set data = jsonb_set(data, '{subject}', '"decision:forged"')
         where stream_id = 'audit' and stream_version = 2 returning stream_version as n`,
      );
      expect(rows).toHaveLength(1);
      await db.close();
      const verify = spawnSync(process.execPath, [cli, 'audit', 'verify', '--data-dir', dataDir, '--json'], {
        encoding: 'utf8',
      });
      expect(verify.status).toBe(1);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: false, brokenAt: 2, problem: 'hash' });

      host = await startHost(project.root, dataDir);
      await page.goto(host.url);
      await workbench.waitForShell();
      const indicator = page.getByTestId('audit-indicator');
      await expect(indicator).toHaveAttribute('data-state', 'broken');
      await expect(indicator).toHaveAccessibleName(/Audit log broken at entry 2/);
      await page.mouse.move(900, 700);
      await page.screenshot({ path: join(screenshots, 'inbox-audit-broken-en-dark.png') });
    } finally {
      await host.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('refusals and how a command would run are explained in words, in English and Arabic', async ({
    page,
    project,
    host,
    workbench: _shellReady,
  }) => {
    await symlink('.git', project.file('docs-git'));
    const refused = await propose(host, {
      kind: 'file.write',
      payload: { path: 'docs-git/config', content: '[core]\n\tfsmonitor = evil\n' },
      rationale: 'Tidy the notes.',
    });
    expect(refused.outcome).toBe('refused');
    const piped = await propose(host, {
      kind: 'command.run',
      payload: { command: 'git log --oneline | head -n 3 > docs/history.txt' },
      rationale: 'Record recent history.',
    });
    expect(piped.outcome).toBe('pending');

    await openInbox(page);
    await page.getByRole('tab', { name: 'Refused' }).click();
    const refusals = page.getByRole('region', { name: 'Refused proposals' });
    await expect(refusals.getByText('docs-git/config', { exact: true })).toBeVisible();
    await expect(refusals.getByText(/really leads to \.git\/config/)).toBeVisible();
    await expect(refusals.getByText(/Rule forbid-critical forbids this/)).toBeVisible();
    await mkdir(screenshots, { recursive: true });
    await page.mouse.move(900, 700);
    await page.screenshot({ path: join(screenshots, 'inbox-refused-en-dark.png') });

    await page.getByRole('tab', { name: 'Decisions' }).click();
    await page.getByRole('listbox', { name: 'Decisions waiting for you' }).getByRole('option').first().click();
    const runner = page.getByTestId('inbox-runner');
    await expect(runner).toContainText('Needs a shell for a pipe (|), a redirection (>)');
    await expect(runner).toContainText('/bin/sh');
    await page.screenshot({ path: join(screenshots, 'inbox-shell-command-en-dark.png') });

    await statusButton(page, 'switchLanguage').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(runner).toContainText('يحتاج إلى صدفة أوامر من أجل أنبوب');
    await statusButton(page, 'toggleTheme').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.mouse.move(900, 700);
    await page.screenshot({ path: join(screenshots, 'inbox-shell-command-ar-light.png') });
    await page.getByRole('button', { name: 'العودة إلى القائمة' }).click();
    await page.getByRole('tab', { name: 'المرفوضة' }).click();
    await expect(page.getByRole('region', { name: 'المقترحات المرفوضة' }).getByText(/يقود فعليًا إلى/)).toBeVisible();
    await page.screenshot({ path: join(screenshots, 'inbox-refused-ar-light.png') });
  });

  test("an AI decision's summary and request read in the window's language", async ({
    page,
    project,
    host,
    workbench: _shellReady,
  }) => {
    // The offline planner drafts a platform; the owner approves it, then asks for a change.
    await callCore(host, 'ai.plan', {
      turnId: 'e2e-platform',
      prompt: 'a clinic booking system with doctors and patients',
    });
    const first = (await callCore(host, 'ai.apply', { turnId: 'e2e-platform' })) as { decisionId: string };
    await callCore(host, 'governance.approve', { id: first.decisionId, comment: '' });
    await expect
      .poll(() => readFile(project.file('webnova.blueprint.json'), 'utf8').catch(() => ''))
      .toContain('"Doctor"');
    await callCore(host, 'ai.plan', { turnId: 'e2e-patch', prompt: 'add invoices with amount and due date' });
    const patched = (await callCore(host, 'ai.apply', { turnId: 'e2e-patch' })) as { status: string };
    expect(patched.status).toBe('pending');

    await openInbox(page);
    await page.getByRole('listbox', { name: 'Decisions waiting for you' }).getByRole('option').first().click();
    const rationale = page.locator('.inbox-rationale');
    await expect(rationale).toContainText('adds entity Invoice with');
    await expect(rationale).toContainText('Request: add invoices with amount and due date');

    await statusButton(page, 'switchLanguage').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    // The same decision, in Arabic: core stored codes, the UI chose the words.
    await expect(rationale).toContainText('يضيف الكيان');
    await expect(rationale).toContainText('الطلب:');
    await expect(rationale).not.toContainText('adds entity');
    if ((await page.locator('html').getAttribute('data-theme')) !== 'light') {
      await statusButton(page, 'toggleTheme').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    }
    await mkdir(screenshots, { recursive: true });
    await page.mouse.move(900, 700);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screenshots, 'inbox-ai-summary-ar-light.png') });
  });
});
