import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { callCore } from '../support/web-host';
import { Workbench } from '../support/workbench';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
const screenshots = join(repo, 'artifacts', 'screenshots');

type Strings = {
  sync: {
    blueprint: Record<'title' | 'entryTitle' | 'rebase' | 'compare' | 'compareTitle' | 'theirs' | 'mine', string>;
  };
};
const strings = (locale: 'en' | 'ar'): Strings =>
  JSON.parse(readFileSync(join(repo, 'packages/ui/src/sync', `strings.${locale}.json`), 'utf8'));

const account = JSON.parse(readFileSync(join(repo, 'packages/ui/test/support/sync-account.json'), 'utf8'));
const sample = JSON.parse(readFileSync(join(repo, 'packages/core/samples/clinic-appointments.blueprint.json'), 'utf8'));
const text = (platform: Record<string, unknown>) =>
  `${JSON.stringify({ ...sample, platform: { ...sample.platform, ...platform } }, null, 2)}\n`;

const conflict = {
  id: '0190a0b0-0000-7000-8000-0000000000c1',
  streamId: 'blueprint-0190a0b0-0000-7000-8000-00000000c0de',
  path: 'webnova.blueprint.json',
  project: '/home/rana/clinic',
  code: 'CONFLICT',
  message: 'blueprint-0190a0b0-0000-7000-8000-00000000c0de is at version 2, not 1: another change came first.',
  occurredAt: '2026-12-07T09:12:00.000Z',
  basedOn: 1,
  theirsVersion: 2,
  change: {
    code: 'SUMMARY',
    params: { changes: [{ code: 'SUMMARY_RENAMES_PLATFORM', params: { name: 'Clinic B' } }] },
  },
  rebasedAs: null,
};
const comparison = {
  path: 'webnova.blueprint.json',
  base: text({}),
  theirs: text({ description: 'Appointments and reminders, as the front desk put it.' }),
  mine: text({ name: 'Clinic B' }),
};
const status = {
  state: 'conflict',
  account,
  waiting: 0,
  refused: 1,
  cursor: 42,
  lastPushAt: '2026-12-07T09:14:00.000Z',
  lastPullAt: '2026-12-07T09:15:00.000Z',
  problem: null,
  problemMessage: null,
};
const refusals = [{ seq: 9, eventId: conflict.id, code: 'CONFLICT', message: conflict.message }];

/** No governance server runs in e2e: core's sync answers are played at the page's socket, the rest is the real core. */
async function playSync(page: Page) {
  const answers: Record<string, unknown> = {
    'sync.status': status,
    'sync.refusals': { refusals },
    'sync.devices': { devices: [] },
    'sync.blueprintConflicts': { conflicts: [conflict] },
    'sync.compareBlueprint': comparison,
  };
  await page.routeWebSocket(/\/api$/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((frame) => {
      const message = JSON.parse(String(frame));
      const answer = message.type === 'call' ? answers[message.method] : undefined;
      if (answer !== undefined) socket.send(JSON.stringify({ type: 'result', id: message.id, result: answer }));
      else server.send(frame);
    });
  });
}

test.describe('a Blueprint conflict in the Sync view', () => {
  test('is listed with Rebase and Compare, and compares three ways, in English and Arabic, dark and light', async ({
    page,
    host,
  }) => {
    await playSync(page);
    await page.goto(host.url);
    await new Workbench(page).waitForShell();
    await mkdir(screenshots, { recursive: true });
    const looks = [
      ['en', 'dark'],
      ['en', 'light'],
      ['ar', 'dark'],
      ['ar', 'light'],
    ] as const;
    for (const [locale, theme] of looks) {
      const words = strings(locale).sync.blueprint;
      await callCore(host, 'settings.update', { locale, theme });
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.getByTestId('sync-status').click();
      const section = page.locator('.sync-view').getByRole('region', { name: words.title });
      const entry = section.getByTestId('blueprint-conflict');
      await expect(entry).toContainText(words.entryTitle);
      await expect(entry.locator('.sync-conflict-path')).toHaveText('webnova.blueprint.json');
      const rebase = entry.getByRole('button', { name: words.rebase, exact: true });
      await expect(rebase).toBeEnabled();
      if (locale === 'ar') {
        // Right to left: the entry's title starts at the section's right, Rebase comes first from the right.
        const box = await entry.boundingBox();
        const button = await rebase.boundingBox();
        expect((button?.x ?? 0) + (button?.width ?? 0)).toBeGreaterThan((box?.x ?? 0) + (box?.width ?? 0) / 2);
      }
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(screenshots, `blueprint-conflict-${locale}-${theme}.png`) });
      // The notice said its piece; the compare dialog is shown without it in front.
      for (const close of await page.locator('.toast button').all()) await close.click();

      await entry.getByRole('button', { name: words.compare }).click();
      const dialog = page.getByRole('dialog', { name: words.compareTitle });
      await expect(dialog.getByRole('region', { name: words.theirs }).locator('.monaco-diff-editor')).toBeVisible();
      await expect(dialog.getByRole('region', { name: words.mine }).locator('.monaco-diff-editor')).toBeVisible();
      await expect(dialog.getByRole('region', { name: words.mine })).toContainText('Clinic B');
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(screenshots, `blueprint-compare-${locale}-${theme}.png`) });
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
  });
});
