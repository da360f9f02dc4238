import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closedPort } from '../../../scripts/lib/closed-port.mjs';
import { useCommands } from '../src/commands/command-registry';
import { usePrompts } from '../src/dialogs/prompt-store';
import { catalogues, setLocale } from '../src/i18n/i18n';
import { useNotifications, wordsOf } from '../src/notifications/notifications-store';
import { syncFeature } from '../src/sync/feature';
import { checkSignIn, defaultDeviceName, type SignInForm, type SyncStatus, useSync } from '../src/sync/sync-store';
import { signInErrorMessage, statusText, syncErrorMessage } from '../src/sync/sync-words';
import { startTestCore, type TestCore } from './support/in-process-core';

/** A made-up account, shared with the e2e spec. */
const account: NonNullable<SyncStatus['account']> = JSON.parse(
  readFileSync(join(import.meta.dirname, 'support', 'sync-account.json'), 'utf8'),
);

/** That account, synced. */
const signedIn: SyncStatus = {
  state: 'synced',
  account,
  waiting: 0,
  refused: 0,
  cursor: 3,
  lastPushAt: null,
  lastPullAt: null,
  problem: null,
  problemMessage: null,
};

let env: TestCore;
let unwire: () => void;

const typed = (server: string): SignInForm => ({
  server,
  email: 'rana@clinic.example',
  password: 'correct horse battery staple',
  totp: '123456',
  deviceName: 'Rana’s laptop',
});

function fill(form: SignInForm) {
  for (const [field, value] of Object.entries(form)) useSync.getState().setField(field as keyof SignInForm, value);
}

beforeEach(async () => {
  useSync.setState(useSync.getInitialState(), true);
  env = await startTestCore();
  unwire = syncFeature.wire?.(env.client) ?? (() => {});
});

afterEach(async () => {
  unwire();
  setLocale('en');
  useCommands.setState(useCommands.getInitialState(), true);
  await env.close();
});

describe('the Sync UI against core', () => {
  it('starts signed out, with nothing refused, and says so in the status bar', async () => {
    await expect.poll(() => useSync.getState().status?.state).toBe('signed-out');
    const { status, refusals, error } = useSync.getState();
    expect(status?.account).toBeNull();
    expect(refusals).toEqual([]);
    expect(error).toBeNull();
    expect(statusText(status)).toBe('Sync: not signed in');
  });

  it('names this device after the platform core runs on', async () => {
    useSync.getState().openSignIn();
    await expect.poll(() => useSync.getState().form.deviceName).toMatch(/^WebNova on \S+/);
    expect(useSync.getState().signInOpen).toBe(true);
    expect(defaultDeviceName('darwin-arm64')).toBe('WebNova on macOS');
    expect(defaultDeviceName(null)).toBe('WebNova desktop');
    // Sent to the server as typed: no direction marks around the platform in Arabic.
    setLocale('ar');
    expect(defaultDeviceName('linux-x64')).toBe('WebNova على Linux');
  });

  it('checks the fields before sending, and sends nothing while one is wrong', async () => {
    expect(checkSignIn({ server: '', email: 'x', password: '', totp: '12', deviceName: ' ' })).toEqual({
      server: 'sync.signIn.invalid.serverMissing',
      email: 'sync.signIn.invalid.email',
      password: 'sync.signIn.invalid.password',
      totp: 'sync.signIn.invalid.totp',
      deviceName: 'sync.signIn.invalid.deviceName',
    });
    expect(checkSignIn({ ...typed('ftp://example.com'), totp: '' })).toEqual({ server: 'sync.signIn.invalid.server' });
    expect(checkSignIn(typed('https://governance.example.com'))).toEqual({});

    useSync.getState().openSignIn();
    fill({ ...typed('https://governance.example.com'), email: 'not an email' });
    expect(await useSync.getState().signIn()).toBe(false);
    expect(useSync.getState().fieldErrors).toEqual({ email: 'sync.signIn.invalid.email' });
    expect(useSync.getState().signInError).toBeNull();
    // Typing in the field clears its message.
    useSync.getState().setField('email', 'rana@clinic.example');
    expect(useSync.getState().fieldErrors).toEqual({});
  });

  it('shows why an unreachable server failed, in the window’s language, and keeps everything typed', async () => {
    const form = typed(`http://127.0.0.1:${await closedPort()}`);
    useSync.getState().openSignIn();
    fill(form);
    const attempt = useSync.getState().signIn();
    expect(useSync.getState().signingIn).toBe(true);
    expect(await attempt).toBe(false);

    const state = useSync.getState();
    expect(state.signingIn).toBe(false);
    expect(state.signInOpen).toBe(true);
    expect(state.signInError?.code).toBe('TRANSPORT');
    expect(state.form).toEqual(form);
    expect(signInErrorMessage(state.signInError ?? { code: '', detail: '' })).toBe(
      'Cannot reach the server. Check the address and your connection.',
    );
    setLocale('ar');
    expect(signInErrorMessage(state.signInError ?? { code: '', detail: '' })).toBe(
      (catalogues.ar as { sync: { signIn: { errors: { TRANSPORT: string } } } }).sync.signIn.errors.TRANSPORT,
    );
    // Still signed out: nothing local changed.
    expect((await env.client.call('sync.status', {})).state).toBe('signed-out');
  });

  it('names an address core will not use (plain http to another computer)', async () => {
    useSync.getState().openSignIn();
    fill(typed('http://governance.example.com'));
    expect(await useSync.getState().signIn()).toBe(false);
    expect(useSync.getState().signInError?.code).toBe('INVALID_INPUT');
    expect(signInErrorMessage(useSync.getState().signInError ?? { code: '', detail: '' })).toBe(
      'The server address cannot be used.',
    );
  });

  it('words a failed round as the server’s, and a failed read of the state as the window’s link to core', () => {
    expect(syncErrorMessage({ code: 'TRANSPORT', detail: '' })).toBe('Cannot reach the server.');
    expect(syncErrorMessage({ code: 'TRANSPORT', detail: '', local: true })).toBe(
      (catalogues.en as { errors: { TRANSPORT: string } }).errors.TRANSPORT,
    );
    expect(syncErrorMessage({ code: 'NO_SUCH_CODE', detail: '' })).toBe(
      (catalogues.en as { errors: { INTERNAL: string } }).errors.INTERNAL,
    );
  });

  it('forgets the password and code when the dialog closes, and keeps the rest', async () => {
    useSync.getState().openSignIn();
    fill(typed('https://governance.example.com'));
    useSync.getState().closeSignIn();
    expect(useSync.getState().signInOpen).toBe(false);
    expect(useSync.getState().form).toEqual({ ...typed('https://governance.example.com'), password: '', totp: '' });
  });

  it('follows sync.changed from core', async () => {
    await expect.poll(() => useSync.getState().status?.state).toBe('signed-out');
    const stale: SyncStatus = {
      state: 'offline',
      account: null,
      waiting: 3,
      refused: 0,
      cursor: 0,
      lastPushAt: null,
      lastPullAt: null,
      problem: 'connect ECONNREFUSED',
      problemMessage: null,
    };
    useSync.getState().setStatus(stale);
    expect(statusText(useSync.getState().status)).toBe('Offline · 3 waiting');
    // Signing out (even signed out) makes core announce its state.
    await env.client.call('sync.signOut', {});
    expect(env.events.some((event) => event.event === 'sync.changed')).toBe(true);
    expect(useSync.getState().status).toMatchObject({ state: 'signed-out', waiting: 0, problem: null });
  });

  it('tells the user plainly when the server stops accepting this device, once', async () => {
    await expect.poll(() => useSync.getState().status?.state).toBe('signed-out');
    useNotifications.setState({ items: [] });
    useSync.getState().setStatus(signedIn);
    useSync.getState().setStatus({ ...signedIn, state: 'stopped', problem: 'DEVICE_REVOKED' });
    useSync.getState().setStatus({ ...signedIn, state: 'stopped', problem: 'DEVICE_REVOKED' });
    expect(useNotifications.getState().items.map((item) => [item.kind, wordsOf(item.message)])).toEqual([
      ['warning', 'This device can no longer sync'],
    ]);
    expect(statusText(useSync.getState().status)).toBe('Sync stopped: sign in again');
  });

  it('asks before signing out, and does nothing when the user cancels', async () => {
    const signingOut = useSync.getState().signOut();
    await expect.poll(() => usePrompts.getState().current?.detail).toMatch(/Every record on this computer stays/);
    usePrompts.getState().answer('cancel');
    expect(await signingOut).toBe(false);
    expect(env.events.filter((event) => event.event === 'sync.changed')).toEqual([]);
  });

  it('offers its commands by state: sign in while signed out, not sign out or sync now', async () => {
    await expect.poll(() => useSync.getState().status?.state).toBe('signed-out');
    const stop = useCommands.getState().register(syncFeature.commands ?? []);
    const enabled = (id: string) => useCommands.getState().commands[id]?.enabled?.() ?? true;
    expect(['sync.signIn', 'sync.signOut', 'sync.now', 'sync.show'].map(enabled)).toEqual([true, false, false, true]);
    await useCommands.getState().run('sync.signIn');
    expect(useSync.getState().signInOpen).toBe(true);
    stop();
  });

  it('reads the devices the user may see, and keeps the view standing when they cannot be read', async () => {
    await expect.poll(() => useSync.getState().status?.state).toBe('signed-out');
    await useSync.getState().loadDevices();
    expect(useSync.getState().devices).toBeNull();
    useSync.getState().setStatus(signedIn);
    // This core is not signed in: it refuses, and the failure stays with the devices.
    await useSync.getState().loadDevices();
    expect(useSync.getState().devicesError).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(useSync.getState().error).toBeNull();

    const device = {
      deviceId: account.deviceId,
      name: account.deviceName,
      userId: account.userId,
      userEmail: account.email,
      registeredAt: '2026-12-01T09:00:00.000Z',
      lastSeenAt: null,
      revokedAt: null,
      lastSeq: 0,
    };
    const real = env.client.call.bind(env.client);
    const call = vi
      .spyOn(env.client, 'call')
      .mockImplementation(((method: string, input: unknown) =>
        method === 'sync.devices'
          ? Promise.resolve({ devices: [device] })
          : real(method as never, input as never)) as never);
    try {
      await useSync.getState().loadDevices();
      expect(useSync.getState()).toMatchObject({ devices: [device], devicesError: null });
      // Another account: the list is read again for it.
      useSync.getState().setStatus({ ...signedIn, account: { ...account, deviceId: crypto.randomUUID() } });
      expect(useSync.getState().devices).toBeNull();
    } finally {
      call.mockRestore();
    }
  });
});
