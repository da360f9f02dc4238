import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { closedPort } from '../../../../scripts/lib/closed-port.mjs';
import { expect, test } from '../support/fixtures';
import { callCore, type RunningHost } from '../support/web-host';
import { Workbench } from '../support/workbench';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
const screenshots = join(repo, 'artifacts', 'screenshots');

/** The keys of the sync feature's catalogue this spec reads (the texts come from the shipped files). */
type Keys<K extends string> = Record<K, string>;
type Strings = {
  sync: {
    status: Keys<'signed-out' | 'tooltipSignedOut' | 'stopped'>;
    signIn: Keys<'title' | 'server' | 'email' | 'password' | 'totp' | 'deviceName' | 'submit'> & {
      errors: Keys<'TRANSPORT'>;
      invalid: Keys<'serverMissing' | 'email'>;
    };
    signOut: Keys<'title' | 'detail'>;
    view: Keys<
      | 'signedOutTitle'
      | 'signedOutText'
      | 'signIn'
      | 'stoppedTitle'
      | 'syncNow'
      | 'refusals'
      | 'signOut'
      | 'devicesOfTenant'
      | 'thisDeviceTag'
    >;
  };
  views: { sync: { title: string } };
  commands: { sync: Keys<'show'> };
};
const strings = (locale: 'en' | 'ar'): Strings =>
  JSON.parse(readFileSync(join(repo, 'packages/ui/src/sync', `strings.${locale}.json`), 'utf8'));

/** Language and theme as core keeps them; the window follows `settings.changed`. */
async function look(page: Page, host: RunningHost, locale: 'en' | 'ar', theme: 'dark' | 'light') {
  await callCore(host, 'settings.update', { locale, theme });
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

const syncStatus = (page: Page) => page.getByTestId('sync-status');
const signInDialog = (page: Page, locale: 'en' | 'ar') =>
  page.getByRole('dialog', { name: strings(locale).sync.signIn.title });

test.describe('Sync in the UI', () => {
  test('signs in from the status bar: an unreachable server is named and nothing typed is lost', async ({
    workbench,
    page,
    host,
  }) => {
    const en = strings('en');
    await look(page, host, 'en', 'dark');
    await expect(syncStatus(page)).toHaveText(en.sync.status['signed-out']);
    await expect(syncStatus(page)).toHaveAttribute('title', en.sync.status.tooltipSignedOut);

    // The status-bar item is a button: the keyboard reaches and presses it.
    await syncStatus(page).focus();
    await page.keyboard.press('Enter');
    const dialog = signInDialog(page, 'en');
    await expect(dialog).toBeVisible();
    const server = dialog.getByLabel(en.sync.signIn.server);
    await expect(server).toBeFocused();
    await expect(dialog.getByLabel(en.sync.signIn.password)).toHaveAttribute('type', 'password');
    await expect(dialog.getByLabel(en.sync.signIn.password)).toHaveAttribute('autocomplete', 'current-password');
    await expect(dialog.getByLabel(en.sync.signIn.email)).toHaveAttribute('autocomplete', 'username');
    await expect(dialog.getByLabel(en.sync.signIn.totp)).toHaveAttribute('autocomplete', 'one-time-code');
    // This device is named after the platform core runs on until the user names it.
    await expect(dialog.getByLabel(en.sync.signIn.deviceName)).toHaveValue(/^WebNova on \S+/);

    // Checked before sending: each wrong field says why, and focus goes to the first.
    await dialog.getByRole('button', { name: en.sync.signIn.submit }).click();
    await expect(dialog.getByText(en.sync.signIn.invalid.serverMissing)).toBeVisible();
    await expect(dialog.getByText(en.sync.signIn.invalid.email)).toBeVisible();
    await expect(server).toBeFocused();
    await expect(server).toHaveAttribute('aria-invalid', 'true');

    const address = `http://127.0.0.1:${await closedPort()}`;
    await server.fill(address);
    await dialog.getByLabel(en.sync.signIn.email).fill('rana@clinic.example');
    await dialog.getByLabel(en.sync.signIn.password).fill('correct horse battery staple');
    await dialog.getByLabel(en.sync.signIn.totp).fill('123456');
    await dialog.getByLabel(en.sync.signIn.deviceName).fill('Clinic laptop');
    await dialog.getByLabel(en.sync.signIn.deviceName).press('Enter');
    await expect(dialog.getByRole('alert')).toContainText(en.sync.signIn.errors.TRANSPORT);
    await expect(server).toHaveValue(address);
    await expect(dialog.getByLabel(en.sync.signIn.email)).toHaveValue('rana@clinic.example');
    await expect(dialog.getByLabel(en.sync.signIn.password)).toHaveValue('correct horse battery staple');
    await expect(dialog.getByLabel(en.sync.signIn.totp)).toHaveValue('123456');
    await expect(dialog.getByLabel(en.sync.signIn.deviceName)).toHaveValue('Clinic laptop');

    await page.mouse.move(0, 0);
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'sync-sign-in-en-dark.png') });

    // Tab stays inside the dialog.
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    expect(await dialog.evaluate((node) => node.contains(document.activeElement))).toBe(true);

    // Escape closes it and gives the focus back to the status bar; still signed out, nothing else changed.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(syncStatus(page)).toBeFocused();
    await expect(syncStatus(page)).toHaveText(en.sync.status['signed-out']);
    expect(((await callCore(host, 'sync.status', {})) as { state: string }).state).toBe('signed-out');

    // Opened again, the address, email and device name are there; the password is not kept.
    await workbench.runCommand('Sync: Sign In');
    await expect(signInDialog(page, 'en').getByLabel(en.sync.signIn.server)).toHaveValue(address);
    await expect(signInDialog(page, 'en').getByLabel(en.sync.signIn.password)).toHaveValue('');
    await page.keyboard.press('Escape');

    // The Sync view, from the palette: signed out, it says WebNova works without a server.
    await workbench.runCommand('Sync: Show');
    const view = page.locator('.sync-view');
    await expect(view.getByText(en.sync.view.signedOutTitle)).toBeVisible();
    await expect(view.getByText(en.sync.view.signedOutText)).toBeVisible();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'sync-view-en-dark.png') });
    await view.getByRole('button', { name: en.sync.view.signIn }).first().click();
    await expect(signInDialog(page, 'en')).toBeVisible();
  });

  test('in Arabic, light: the dialog and the view are translated and mirrored', async ({ workbench, page, host }) => {
    expect(workbench).toBeTruthy();
    const ar = strings('ar');
    await look(page, host, 'ar', 'light');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(syncStatus(page)).toHaveText(ar.sync.status['signed-out']);
    await page.getByRole('button', { name: ar.views.sync.title, exact: true }).click();
    const view = page.locator('.sync-view');
    await expect(view.getByText(ar.sync.view.signedOutTitle)).toBeVisible();
    await page.mouse.move(0, 0);
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'sync-view-ar-light.png') });

    await syncStatus(page).click();
    const dialog = signInDialog(page, 'ar');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel(ar.sync.signIn.deviceName)).toHaveValue(/^WebNova على \S+$/);
    await dialog.getByLabel(ar.sync.signIn.server).fill(`http://127.0.0.1:${await closedPort()}`);
    await dialog.getByLabel(ar.sync.signIn.email).fill('rana@clinic.example');
    await dialog.getByLabel(ar.sync.signIn.password).fill('secret-secret');
    await dialog.getByRole('button', { name: ar.sync.signIn.submit, exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText(ar.sync.signIn.errors.TRANSPORT);
    // Right-to-left: the buttons sit at the dialog's left, the labels at its right.
    const box = await dialog.boundingBox();
    const submit = await dialog.getByRole('button', { name: ar.sync.signIn.submit, exact: true }).boundingBox();
    expect((submit?.x ?? 0) - (box?.x ?? 0)).toBeLessThan((box?.width ?? 0) / 2);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'sync-sign-in-ar-light.png') });
  });

  /**
   * No governance server runs in these tests yet, so core's answers about sync
   * are played at the page's socket (everything else goes to the real core): a device with a refusal,
   * then one the server revoked.
   */
  test('signed in: the account, the state and what the server refused; a revoked device is told plainly', async ({
    page,
    host,
  }) => {
    // The same made-up account as the UI's unit test.
    const account = JSON.parse(readFileSync(join(repo, 'packages/ui/test/support/sync-account.json'), 'utf8'));
    let status: Record<string, unknown> = {
      state: 'conflict',
      account,
      waiting: 2,
      refused: 1,
      cursor: 42,
      lastPushAt: '2026-12-07T09:14:00.000Z',
      lastPullAt: '2026-12-07T09:15:00.000Z',
      problem: null,
      problemMessage: null,
    };
    const refusals = [
      {
        seq: 7,
        eventId: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        code: 'STALE',
        message: 'The decision was already rejected on another device.',
      },
    ];
    const devices = [
      { name: account.deviceName, deviceId: account.deviceId, userId: account.userId, userEmail: account.email },
      { name: 'Front desk', userEmail: 'omar@clinic.example', lastSeenAt: '2026-12-07T08:40:00.000Z' },
      { name: 'Old phone', userEmail: 'rana@clinic.example', revokedAt: '2026-11-30T17:05:00.000Z' },
    ].map((device, index) => ({
      deviceId: `4a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7${index}`,
      userId: '7f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f70',
      registeredAt: '2026-12-01T09:00:00.000Z',
      lastSeenAt: '2026-12-07T09:15:00.000Z',
      revokedAt: null,
      lastSeq: 0,
      ...device,
    }));
    await page.routeWebSocket(/\/api$/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((frame) => {
        const message = JSON.parse(String(frame));
        if (message.type === 'call' && message.method === 'sync.status')
          socket.send(JSON.stringify({ type: 'result', id: message.id, result: status }));
        else if (message.type === 'call' && message.method === 'sync.refusals')
          socket.send(JSON.stringify({ type: 'result', id: message.id, result: { refusals } }));
        else if (message.type === 'call' && message.method === 'sync.devices')
          socket.send(JSON.stringify({ type: 'result', id: message.id, result: { devices } }));
        else server.send(frame);
      });
    });
    await page.goto(host.url);
    await new Workbench(page).waitForShell();
    await mkdir(screenshots, { recursive: true });

    const en = strings('en');
    await look(page, host, 'en', 'dark');
    await expect(syncStatus(page)).toHaveText('Conflict · 1 refused');
    await expect(syncStatus(page)).toHaveAttribute(
      'title',
      /rana@clinic\.example on https:\/\/governance\.clinic\.example/,
    );
    // Signed in, the status bar opens the Sync view.
    await syncStatus(page).click();
    const view = page.locator('.sync-view');
    await expect(view.getByRole('button', { name: en.sync.view.syncNow, exact: true })).toBeVisible();
    await expect(view.getByRole('region', { name: en.sync.view.refusals })).toContainText('STALE');
    await expect(view.getByRole('region', { name: en.sync.view.refusals })).toContainText(refusals[0]?.message ?? '');
    await expect(view).toContainText('Clinic laptop');
    const listed = view.getByRole('region', { name: en.sync.view.devicesOfTenant });
    await expect(listed.getByRole('listitem')).toHaveCount(3);
    await expect(listed.getByRole('listitem').first()).toContainText(en.sync.view.thisDeviceTag);
    await expect(listed).toContainText('omar@clinic.example');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'sync-view-signed-in-en-dark.png') });

    // Signing out asks first and says the local records stay; Escape keeps the device signed in.
    await view.getByRole('button', { name: en.sync.view.signOut, exact: true }).click();
    const confirm = page.getByRole('dialog', { name: en.sync.signOut.title });
    await expect(confirm).toContainText(en.sync.signOut.detail);
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(syncStatus(page)).toHaveText('Conflict · 1 refused');

    // The server revoked this device: the next status says so, in Arabic this time.
    status = { ...status, state: 'stopped', problem: 'This device was revoked.' };
    const ar = strings('ar');
    await look(page, host, 'ar', 'light');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(syncStatus(page)).toHaveText(ar.sync.status.stopped);
    await new Workbench(page).runCommand(ar.commands.sync.show);
    await expect(page.locator('.sync-view').getByText(ar.sync.view.stoppedTitle)).toBeVisible();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(screenshots, 'sync-view-stopped-ar-light.png') });
  });
});
