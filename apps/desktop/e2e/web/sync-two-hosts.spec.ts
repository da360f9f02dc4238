import { readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { catalogue, type Locale, still } from '../support/catalogues';
import { look, type SyncDevice, type SyncWorld, startSyncWorld } from '../support/sync-world';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
const sync = { en: catalogue('sync', 'en').sync, ar: catalogue('sync', 'ar').sync };
const inbox = { en: catalogue('inbox', 'en').inbox, ar: catalogue('inbox', 'ar').inbox };
/** A sentence of a catalogue with its values put in (Arabic isolates them: the marks are dropped to compare). */
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
const plain = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

// biome-ignore lint/suspicious/noTemplateCurlyInString: this is the text of a TypeScript file.
const greetAfter = 'export function greet(name: string): string {\n  return `Welcome, ${name}!`;\n}\n';

const syncStatus = (page: Page) => page.getByTestId('sync-status');

/** The same project on both computers, as git brings it: the clinic sample's Blueprint and one project key. */
const BLUEPRINT_FILE = 'webnova.blueprint.json';
const PROJECT_KEY = '0190a0b0-0000-7000-8000-00000000e2e1';
const sampleBlueprint = readFileSync(join(repo, 'packages/core/samples/clinic-appointments.blueprint.json'), 'utf8');
const platformOf = async (device: SyncDevice) =>
  (JSON.parse(await readFile(device.project.file(BLUEPRINT_FILE), 'utf8')) as { platform: Record<string, unknown> })
    .platform;

/** Signs the device in through the status bar's dialog, as its owner would; a still of the filled dialog. */
async function signIn(device: SyncDevice, locale: Locale, theme: 'dark' | 'light') {
  const { page } = device;
  const words = sync[locale].signIn;
  await look(device, locale, theme);
  await syncStatus(page).click();
  const dialog = page.getByRole('dialog', { name: words.title });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(words.server).fill(device.serverAddress);
  await dialog.getByLabel(words.email).fill(device.owner.email);
  await dialog.getByLabel(words.password).fill(device.owner.password);
  await dialog.getByLabel(words.deviceName).fill(device.name);
  await still(page, `sync-two-hosts-sign-in-${locale}-${theme}`);
  await dialog.getByRole('button', { name: words.submit, exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(syncStatus(page)).toHaveText(sync[locale].status.synced);
}

/** The activity bar's item for a view, pressed unless the view is showing (pressing it again hides it). */
async function showView(device: SyncDevice, title: string, shown: Locator) {
  if (!(await shown.isVisible())) await device.page.getByRole('button', { name: title, exact: true }).click();
  await expect(shown).toBeVisible();
}

const showSyncView = (device: SyncDevice, locale: Locale) =>
  showView(device, catalogue('sync', locale).views.sync.title, device.page.locator('.sync-view'));

const showInbox = (device: SyncDevice, locale: Locale) =>
  showView(
    device,
    catalogue('inbox', locale).views.inbox.title,
    device.page.getByRole('tablist', { name: inbox[locale].tabs.label }),
  );

const waitingList = (device: SyncDevice, locale: Locale) =>
  device.page.getByRole('listbox', { name: inbox[locale].list.label });

/** A decision as a device's core holds it. */
async function decisionOn(device: SyncDevice, id: string) {
  const { decision } = (await device.call('governance.get', { id })) as {
    decision: { status: string; approvals?: unknown[]; outcome?: unknown };
  };
  return decision;
}

test.describe('two desktops of two owners on one governance server', () => {
  // One world for the file: a server and two hosts started once; the steps below build on each other.
  test.describe.configure({ mode: 'serial', timeout: 300_000 });
  let world: SyncWorld;

  test.beforeAll(async ({ browser }) => {
    // Three device pixels to a CSS pixel: the status bar's and the dialog's small text stays readable in the stills.
    world = await startSyncWorld(browser, { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 3 });
  });

  test.afterAll(async () => {
    await world?.close();
  });

  test('both owners sign in with the Sync dialog, each on their own device', async () => {
    const { a, b } = world;
    await signIn(a, 'en', 'dark');
    await signIn(b, 'ar', 'light');

    // A's Sync view lists both devices of the tenant (an owner sees every one), this one marked.
    await showSyncView(a, 'en');
    const devices = a.page.locator('.sync-view').getByRole('region', { name: sync.en.view.devicesOfTenant });
    await expect(devices.getByRole('listitem')).toHaveCount(2);
    await expect(devices.getByRole('listitem').filter({ hasText: sync.en.view.thisDeviceTag })).toContainText('Desk A');
    await expect(devices).toContainText('Laptop B');
    await still(a.page, 'sync-two-hosts-view-en-dark');
    await look(b, 'en', 'dark');
  });

  test("A's owner asks for two approvals on file writes, in the constitution editor", async () => {
    const { a, b } = world;
    const { constitution } = (await a.call('governance.constitution')) as {
      constitution: { version: number; rules: unknown[]; updatedAt?: string; updatedBy?: unknown };
    };
    const { version, updatedAt: _at, updatedBy: _by, ...draft } = constitution;
    const next = {
      ...draft,
      rules: [
        { id: 'two-owners-for-writes', kind: 'file.write', effect: 'require-approval', approval: { quorum: 2 } },
        ...constitution.rules,
      ],
      baseVersion: version,
    };
    await showInbox(a, 'en');
    await a.page.getByRole('tab', { name: inbox.en.tabs.constitution }).click();
    const editor = a.page.locator('.inbox-constitution-editor .monaco-editor');
    await expect(editor).toBeVisible();
    await editor.click();
    // All of it replaced by the new text on one line (Monaco indents and closes brackets as one types
    // across lines); whatever the editor closed after the caret goes too.
    await a.page.keyboard.press('Control+a');
    await a.page.keyboard.press('Delete');
    await a.page.keyboard.insertText(JSON.stringify(next));
    await a.page.keyboard.press('Shift+Control+End');
    await a.page.keyboard.press('Delete');
    await a.page.getByRole('button', { name: inbox.en.constitution.save }).click();
    await expect(a.page.getByText(fill(inbox.en.constitution.saved, { version: String(version + 1) }))).toBeVisible();

    // The owner's constitution is the tenant's once pushed: B takes it from the server.
    await expect
      .poll(async () => {
        const { constitution } = (await b.call('governance.constitution')) as {
          constitution: { rules: { id: string }[] };
        };
        return constitution.rules[0]?.id;
      })
      .toBe('two-owners-for-writes');
    await a.page.getByRole('tab', { name: inbox.en.tabs.decisions }).click();
  });

  test('a file write proposed on A waits in B’s Inbox, from A; B approves offline, then syncs; A approves and runs it once', async () => {
    const { a, b, server, tenantId, linkB } = world;
    const greetBefore = await readFile(a.project.file('src/greet.ts'), 'utf8');

    // The AI on A proposes, through the API as any agent would: two approvals needed.
    const proposed = (await a.call('governance.propose', {
      kind: 'file.write',
      payload: { path: 'src/greet.ts', content: greetAfter },
      rationale: 'Greet visitors warmly.',
    })) as { outcome: string; decision: { id: string; quorum?: number } };
    expect(proposed).toMatchObject({ outcome: 'pending', decision: { quorum: 2 } });
    const id = proposed.decision.id;

    // A's own item needs no badge.
    await expect(waitingList(a, 'en').getByRole('option')).toHaveCount(1);
    await expect(waitingList(a, 'en').getByTestId('inbox-origin')).toHaveCount(0);

    // B is poked and pulls: the decision waits there, marked as A's, with A's project folder.
    const fromA = { device: 'Desk A', project: 'clinic-booking' };
    await showInbox(b, 'en');
    const item = waitingList(b, 'en').getByRole('option');
    await expect(item).toHaveCount(1);
    await expect(item.getByTestId('inbox-origin')).toHaveText(fill(inbox.en.origin.deviceIn, fromA));
    await item.click();
    const details = b.page.getByRole('region', { name: inbox.en.details.label });
    await expect(details.getByTestId('inbox-origin')).toHaveText(fill(inbox.en.origin.deviceIn, fromA));
    await expect(details).toContainText('Greet visitors warmly.');
    await still(b.page, 'sync-two-hosts-inbox-remote-en-dark');
    await look(b, 'ar', 'light');
    await expect
      .poll(async () =>
        plain(
          await b.page.getByRole('region', { name: inbox.ar.details.label }).getByTestId('inbox-origin').textContent(),
        ).trim(),
      )
      .toBe(fill(inbox.ar.origin.deviceIn, fromA));
    await still(b.page, 'sync-two-hosts-inbox-remote-ar-light');
    await look(b, 'en', 'dark');

    // B loses the server, approves in the Inbox anyway: the approval waits on B.
    linkB.cut();
    await details.getByRole('textbox', { name: inbox.en.details.comment }).fill('Friendlier, thanks.');
    await details.getByRole('button', { name: inbox.en.details.approve }).click();
    await expect(syncStatus(b.page)).toHaveText(/^Offline · [1-9]\d* waiting$/);
    expect(await decisionOn(b, id)).toMatchObject({ status: 'pending', approvals: [{}] });
    await showSyncView(b, 'en');
    await expect(b.page.locator('.sync-view')).toContainText(sync.en.state.offline);
    await look(b, 'ar', 'light');
    await expect(syncStatus(b.page)).toHaveText(/^غير متصل · بانتظار الإرسال: \u2068?[1-9]/);
    await still(b.page, 'sync-two-hosts-view-offline-ar-light');
    await look(b, 'en', 'dark');
    // Nothing reached the server meanwhile.
    const onServer = () =>
      server.api<{ status: string; approvals?: unknown[] }>(
        'GET',
        `/tenants/${tenantId}/decisions/${id}`,
        a.owner.token,
      );
    expect(await onServer()).toMatchObject({ status: 'pending' });

    // Back online: Sync Now sends the approval; the server counts it, one of two.
    linkB.restore();
    await b.page.locator('.sync-view').getByRole('button', { name: sync.en.view.syncNow, exact: true }).click();
    await expect(syncStatus(b.page)).toHaveText(sync.en.status.synced);
    await expect.poll(async () => (await onServer()).approvals?.length ?? 0).toBe(1);
    expect(await readFile(a.project.file('src/greet.ts'), 'utf8')).toBe(greetBefore);

    // A's owner approves too: the server completes the count, A pulls and runs it, and says so.
    await waitingList(a, 'en').getByRole('option').click();
    const detailsA = a.page.getByRole('region', { name: inbox.en.details.label });
    await expect(detailsA).toContainText(fill(inbox.en.details.quorum, { given: '1', quorum: '2' }));
    const noticeText = 'A decision approved through the governance server has run on this device: file write.';
    // Every toast with that text, counted as it appears (a toast goes away by itself after a while).
    await a.page.evaluate((text) => {
      const seen = { count: 0 };
      (window as unknown as { noticesSeen: typeof seen }).noticesSeen = seen;
      new MutationObserver((changes) => {
        for (const change of changes)
          for (const node of change.addedNodes)
            if (node instanceof HTMLElement && node.querySelector('.toast-message')?.textContent === text) seen.count++;
      }).observe(document.body, { childList: true, subtree: true });
    }, noticeText);
    const noticesSeen = () =>
      a.page.evaluate(() => (window as unknown as { noticesSeen: { count: number } }).noticesSeen.count);
    await detailsA.getByRole('button', { name: inbox.en.details.approve }).click();
    const notice = a.page.getByRole('region', { name: 'Notifications' }).getByText(noticeText);
    await expect(notice).toBeVisible();
    await still(a.page, 'sync-two-hosts-notice-en-dark');
    await expect.poll(() => readFile(a.project.file('src/greet.ts'), 'utf8')).toBe(greetAfter);
    const ranAt = (await stat(a.project.file('src/greet.ts'))).mtimeMs;

    // Both Inboxes: nothing waits, and the decision is listed as done (from A, on B); the server's route agrees.
    for (const device of [a, b]) {
      await showInbox(device, 'en');
      await expect(device.page.getByText(inbox.en.list.none)).toBeVisible();
      // (The server's own decisions, such as the second owner's joining, are listed there too.)
      const decided = device.page
        .getByRole('region', { name: inbox.en.recent.label })
        .getByRole('listitem')
        .filter({ hasText: 'src/greet.ts' });
      await expect(decided).toHaveCount(1);
      await expect(decided).toHaveAttribute('data-status', 'executed');
      await expect(decided).toContainText(inbox.en.status.executed);
      await expect(decided.getByTestId('inbox-origin')).toHaveCount(device === b ? 1 : 0);
      await expect.poll(async () => (await decisionOn(device, id)).status).toBe('executed');
    }
    await expect(
      b.page
        .getByRole('region', { name: inbox.en.recent.label })
        .getByRole('listitem')
        .filter({ hasText: 'src/greet.ts' })
        .getByTestId('inbox-origin'),
    ).toHaveText(fill(inbox.en.origin.deviceIn, fromA));
    await still(b.page, 'sync-two-hosts-inbox-done-en-dark');
    await expect.poll(async () => (await onServer()).status).toBe('executed');

    // Once: more rounds on both devices run nothing again, and B never wrote its own copy.
    for (const device of [a, b]) {
      await showSyncView(device, 'en');
      await device.page.locator('.sync-view').getByRole('button', { name: sync.en.view.syncNow, exact: true }).click();
      await expect(syncStatus(device.page)).toHaveText(sync.en.status.synced);
    }
    expect((await stat(a.project.file('src/greet.ts'))).mtimeMs).toBe(ranAt);
    expect(await readFile(b.project.file('src/greet.ts'), 'utf8')).toBe(greetBefore);
    expect(await noticesSeen()).toBe(1);
    expect(await a.call('sync.refusals', { limit: 50 })).toEqual({ refusals: [] });
    expect(await b.call('sync.refusals', { limit: 50 })).toEqual({ refusals: [] });

    // The Sync view after the run, in the two other looks.
    await look(a, 'en', 'light');
    await still(a.page, 'sync-two-hosts-view-en-light');
    await look(b, 'ar', 'dark');
    await still(b.page, 'sync-two-hosts-view-ar-dark');
  });

  test('the Blueprint patched on both devices from one version: B’s change is refused, B rebases in the Sync view, and both files end with both changes', async () => {
    const { a, b, linkB } = world;
    for (const device of [a, b]) {
      await look(device, 'en', 'dark');
      await writeFile(device.project.file(BLUEPRINT_FILE), sampleBlueprint);
      await mkdir(device.project.file('.webnova'), { recursive: true });
      await writeFile(device.project.file('.webnova/project.json'), JSON.stringify({ id: PROJECT_KEY }));
    }
    const description = 'Appointments and reminders, as the front desk put it.';
    const name = 'Clinic on laptop B';

    // B codes offline; meanwhile A's owner changes the description and A pushes it as the stream's first version.
    linkB.cut();
    const theirs = (await a.call('governance.propose', {
      kind: 'blueprint.patch',
      payload: { path: BLUEPRINT_FILE, patch: [{ op: 'replace', path: '/platform/description', value: description }] },
      rationale: 'Say what the front desk does.',
    })) as { outcome: string; decision: { id: string } };
    expect(theirs.outcome).toBe('pending');
    await a.call('governance.approve', { id: theirs.decision.id, comment: 'yes' });
    await expect.poll(async () => (await platformOf(a)).description).toBe(description);
    await expect.poll(async () => (await decisionOn(a, theirs.decision.id)).status).toBe('executed');

    // B's owner renames the platform from the version B has, and approves in the Inbox while offline.
    const mine = (await b.call('governance.propose', {
      kind: 'blueprint.patch',
      payload: { path: BLUEPRINT_FILE, patch: [{ op: 'replace', path: '/platform/name', value: name }] },
      rationale: 'Name it after this laptop.',
    })) as { outcome: string; decision: { id: string } };
    expect(mine.outcome).toBe('pending');
    await showInbox(b, 'en');
    const waitingOnB = waitingList(b, 'en').getByRole('option');
    await expect(waitingOnB).toHaveCount(1);
    await waitingOnB.click();
    const details = b.page.getByRole('region', { name: inbox.en.details.label });
    await expect(details).toContainText('Name it after this laptop.');
    await details.getByRole('button', { name: inbox.en.details.approve }).click();
    await expect(syncStatus(b.page)).toHaveText(/^Offline · [1-9]\d* waiting$/);

    // Back online: the approval is accepted and the patch runs on B, but its Blueprint version is refused,
    // since A's came first from the same version. B's file keeps B's change until its owner chooses.
    linkB.restore();
    await showSyncView(b, 'en');
    const view = b.page.locator('.sync-view');
    await view.getByRole('button', { name: sync.en.view.syncNow, exact: true }).click();
    const conflicts = view.getByRole('region', { name: sync.en.blueprint.title });
    const entry = conflicts.getByTestId('blueprint-conflict');
    await expect(entry).toHaveCount(1);
    await expect(entry.locator('.sync-conflict-path')).toHaveText(BLUEPRINT_FILE);
    await expect(syncStatus(b.page)).toHaveText(fill(sync.en.status.conflict, { count: '1' }));
    expect(await b.call('sync.refusals', { limit: 10 })).toEqual({
      refusals: [expect.objectContaining({ code: 'CONFLICT' })],
    });
    expect(await platformOf(b)).toMatchObject({ name, description: JSON.parse(sampleBlueprint).platform.description });
    await still(b.page, 'sync-two-hosts-blueprint-conflict-en-dark');
    await look(b, 'ar', 'light');
    await expect(
      view.getByRole('region', { name: sync.ar.blueprint.title }).getByTestId('blueprint-conflict'),
    ).toContainText(sync.ar.blueprint.entryTitle);
    await still(b.page, 'sync-two-hosts-blueprint-conflict-ar-light');
    await look(b, 'en', 'dark');

    // Rebase: B's change onto A's version, proposed anew and shown in the Inbox, where B's owner approves it.
    await entry.getByRole('button', { name: sync.en.blueprint.rebase, exact: true }).click();
    const rebasedItem = waitingList(b, 'en').getByRole('option');
    await expect(rebasedItem).toHaveCount(1);
    await rebasedItem.click();
    await details.getByRole('button', { name: inbox.en.details.approve }).click();
    await expect.poll(async () => await platformOf(b)).toMatchObject({ name, description });
    const [conflict] = ((await b.call('sync.blueprintConflicts')) as { conflicts: { rebasedAs: string | null }[] })
      .conflicts;
    expect(conflict?.rebasedAs).toEqual(expect.any(String));

    // A is offered B's accepted change as a decision of its own; its owner approves it in A's Inbox.
    await showInbox(a, 'en');
    const offered = waitingList(a, 'en').getByRole('option');
    await expect(offered).toHaveCount(1);
    expect((await platformOf(a)).name).toBe(JSON.parse(sampleBlueprint).platform.name);
    await offered.click();
    await a.page
      .getByRole('region', { name: inbox.en.details.label })
      .getByRole('button', { name: inbox.en.details.approve })
      .click();
    await expect.poll(async () => await platformOf(a)).toMatchObject({ name, description });
    expect(await a.call('sync.refusals', { limit: 10 })).toEqual({ refusals: [] });
    await expect(syncStatus(a.page)).toHaveText(sync.en.status.synced);
  });
});
