import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { catalogue, type Locale, still } from '../support/catalogues';
import { look, type SyncDevice, type SyncWorld, startSyncWorld } from '../support/sync-world';

const git = { en: catalogue('git', 'en'), ar: catalogue('git', 'ar') };
const sync = { en: catalogue('sync', 'en'), ar: catalogue('sync', 'ar') };

/** The activity bar's item for a view, pressed unless the view is showing (pressing it again hides it). */
async function showView(device: SyncDevice, title: string) {
  const heading = device.page.getByRole('heading', { name: title, exact: true, level: 2 });
  if (!(await heading.isVisible())) await device.page.getByRole('button', { name: title, exact: true }).click();
  await expect(heading).toBeVisible();
}
const showGit = (device: SyncDevice, locale: Locale) => showView(device, git[locale].views.git.title);
const showSync = (device: SyncDevice, locale: Locale) => showView(device, sync[locale].views.sync.title);
const remoteLine = (device: SyncDevice, locale: Locale) =>
  device.page.getByRole('region', { name: git[locale].git.remote.label });

async function signIn(device: SyncDevice) {
  await device.call('sync.signIn', {
    server: device.serverAddress,
    email: device.owner.email,
    password: device.owner.password,
    deviceName: device.name,
  });
}

async function commitAll(device: SyncDevice, message: string) {
  await device.call('git.stage', { all: true });
  await device.call('git.commit', { message });
}

test.describe('code sync: publish on one desktop, open from the server on another, push and pull', () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 });
  let world: SyncWorld;

  test.beforeAll(async ({ browser }) => {
    world = await startSyncWorld(browser, { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
    await Promise.all([signIn(world.a), signIn(world.b)]);
    for (const device of [world.a, world.b]) {
      await device.call('git.setAuthor', { name: device.owner.email.split('@')[0], email: device.owner.email });
    }
  });
  test.afterAll(async () => {
    await world?.close();
  });

  test('A publishes its repository from the Git view', async () => {
    const { a } = world;
    await a.call('git.init', {});
    await commitAll(a, 'first');
    await look(a, 'en', 'dark');
    await showGit(a, 'en');
    const line = remoteLine(a, 'en');
    await line.getByRole('button', { name: git.en.git.remote.publish }).click();
    await expect(line.getByRole('button', { name: /^Push 0 commits$/ })).toBeVisible();
    await expect(line.getByRole('button', { name: /^Pull 0 commits$/ })).toBeVisible();
    const status = (await a.call('git.remoteStatus')) as { origin: string; branches: { waiting: boolean }[] };
    expect(status.origin).toMatch(/\/git\/[0-9a-f-]+\/clinic-booking\.git$/);
    expect(status.branches.every((branch) => !branch.waiting)).toBe(true);
    await still(a.page, 'code-sync-published-en-dark');
  });

  test('B opens it from the server into a new folder, commits and pushes', async () => {
    const { b } = world;
    await look(b, 'ar', 'light');
    await showGit(b, 'ar');
    await b.page.getByRole('button', { name: git.ar.git.fromServer.button }).first().click();
    const dialog = b.page.getByRole('dialog', { name: git.ar.git.fromServer.title });
    await expect(dialog.getByRole('radio', { name: /clinic-booking/ })).toBeChecked();
    const folder = join(dirname(b.project.root), 'from-server');
    await dialog.getByLabel(git.ar.git.fromServer.folder).fill(folder);
    await still(b.page, 'code-sync-open-from-server-ar-light');
    await dialog.getByRole('button', { name: git.ar.git.fromServer.open }).click();
    await expect(dialog).toBeHidden();
    const target = join(folder, 'clinic-booking');
    await expect.poll(async () => ((await b.call('workspace.current')) as { root: string } | null)?.root).toBe(target);
    expect(JSON.parse(await readFile(join(target, '.webnova', 'project.json'), 'utf8')).id).toMatch(/^[0-9a-f-]{36}$/);

    await b.call('fs.write', { path: 'from-b.txt', content: 'written on B\n' });
    await commitAll(b, 'from B');
    const line = remoteLine(b, 'ar');
    await expect(line.getByRole('button', { name: git.ar.git.remote.pushCount_one })).toBeVisible();
    await showSync(b, 'ar');
    const waiting = b.page.getByRole('list', { name: sync.ar.sync.code.waitingTitle });
    await expect(waiting.getByRole('listitem')).toHaveCount(1);
    await expect(waiting).toContainText('main');
    await still(b.page, 'code-sync-waiting-ar-light');
    await showGit(b, 'ar');
    await line.getByRole('button', { name: git.ar.git.remote.pushCount_one }).click();
    await expect(line.getByRole('button', { name: git.ar.git.remote.pushCount_zero })).toBeVisible();
  });

  test('A fetches, sees one commit behind, pulls it', async () => {
    const { a } = world;
    await look(a, 'ar', 'dark');
    const line = remoteLine(a, 'ar');
    await line.getByRole('button', { name: git.ar.git.remote.fetch }).click();
    await line.getByRole('button', { name: git.ar.git.remote.pullCount_one }).click();
    await expect(line.getByRole('button', { name: git.ar.git.remote.pullCount_zero })).toBeVisible();
    expect(await readFile(a.project.file('from-b.txt'), 'utf8')).toBe('written on B\n');
    await still(a.page, 'code-sync-pulled-ar-dark');
  });

  test('a pull that conflicts lists the file in the Git view; committing the resolution clears it', async () => {
    const { a, b } = world;
    await b.call('fs.write', { path: 'from-b.txt', content: 'B changed this line\n' });
    await commitAll(b, 'B edits');
    await b.call('git.push', {});
    await a.call('fs.write', { path: 'from-b.txt', content: 'A changed this line\n' });
    await commitAll(a, 'A edits');
    await look(a, 'en', 'dark');
    const line = remoteLine(a, 'en');
    await line.getByRole('button', { name: /^Pull \d+ commits?$/ }).click();
    const conflicts = line.getByRole('list', { name: git.en.git.remote.conflictsTitle_one.replace('{{count}}', '1') });
    await expect(conflicts.getByRole('listitem')).toHaveText(['from-b.txt']);
    expect(await readFile(a.project.file('from-b.txt'), 'utf8')).toMatch(
      /^<<<<<<< main\nA changed this line\n=======\nB changed this line\n>>>>>>> /,
    );
    await still(a.page, 'code-sync-pull-conflict-en-dark');
    await a.call('fs.write', { path: 'from-b.txt', content: 'A and B agreed\n' });
    await commitAll(a, 'merged');
    await expect(conflicts).toBeHidden();
    await line.getByRole('button', { name: /^Push 2 commits$/ }).click();
    await expect(line.getByRole('button', { name: 'Push 0 commits' })).toBeVisible();
  });

  test('B offline: the push fails as offline, the branch waits in the Sync view, and goes once back online', async () => {
    const { b, linkB } = world;
    await look(b, 'en', 'light');
    await b.call('git.pull');
    await b.call('fs.write', { path: 'offline.txt', content: 'written on the train\n' });
    await commitAll(b, 'offline work');
    linkB.cut();
    await showGit(b, 'en');
    const line = remoteLine(b, 'en');
    await line.getByRole('button', { name: 'Push 1 commit' }).click();
    await expect(line.getByRole('alert')).toContainText(git.en.git.remote.failed.push);
    await expect(line.getByRole('alert')).toContainText(linkB.address);
    await still(b.page, 'code-sync-offline-en-light');
    await showSync(b, 'en');
    await expect(b.page.getByRole('list', { name: sync.en.sync.code.waitingTitle })).toContainText('main');
    linkB.restore();
    await showGit(b, 'en');
    await line.getByRole('button', { name: 'Push 1 commit' }).click();
    await expect(line.getByRole('button', { name: 'Push 0 commits' })).toBeVisible();
    await expect(line.getByRole('alert')).toBeHidden();
  });

  test('A creates an access token in the Sync view, shown once, and revokes it', async () => {
    const { a } = world;
    await look(a, 'en', 'light');
    await showSync(a, 'en');
    const words = sync.en.sync.code;
    await a.page.getByLabel(words.tokenName).fill('terminal on the laptop');
    await a.page.getByRole('button', { name: words.create }).click();
    await expect(a.page.getByTestId('created-token')).toHaveText(/\S{20,}/);
    const tokens = a.page.getByRole('list', { name: words.tokensTitle });
    await expect(tokens.getByRole('listitem')).toHaveCount(1);
    await still(a.page, 'code-sync-token-en-light');
    await a.page.getByRole('button', { name: words.done }).click();
    await expect(a.page.getByTestId('created-token')).toBeHidden();
    await tokens.getByRole('button', { name: 'Revoke terminal on the laptop' }).click();
    await expect(a.page.getByText(words.noTokens)).toBeVisible();
  });
});
