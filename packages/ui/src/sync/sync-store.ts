import type { EventPayload, MethodOutput } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { usePrompts } from '../dialogs/prompt-store';
import { describeError } from '../i18n/describe-error';
import { t } from '../i18n/i18n';
import { useNotifications } from '../notifications/notifications-store';
import { reportError } from '../notifications/report';
import { syncErrorMessage } from './sync-words';

export type SyncStatus = EventPayload<'sync.changed'>;
export type SyncRefusal = MethodOutput<'sync.refusals'>['refusals'][number];
export type SyncDevice = MethodOutput<'sync.devices'>['devices'][number];

/** What the user types into the sign-in dialog; kept here so a failed attempt or a re-render loses none of it. */
export interface SignInForm {
  server: string;
  email: string;
  password: string;
  totp: string;
  deviceName: string;
}
export type SignInField = keyof SignInForm;

/** A failure in words the window can translate when it draws them (the language may change meanwhile). */
export interface SyncFailure {
  code: string;
  /** Core's own message, shown as detail. */
  detail: string;
  /** Reading sync's state never reaches the server: its failures are the window's link to core. */
  local?: boolean;
}

interface SyncState {
  status: SyncStatus | null;
  refusals: SyncRefusal[];
  /** The devices the server lets this user see; null until read (or while signed out). */
  devices: SyncDevice[] | null;
  /** Why the devices could not be read; the rest of the view stands. */
  devicesError: SyncFailure | null;
  loading: boolean;
  /** Why the last load, round or sign-out failed; null after one that worked. */
  error: SyncFailure | null;
  /** A round asked for by the user is running. */
  syncing: boolean;
  signInOpen: boolean;
  signingIn: boolean;
  form: SignInForm;
  /** The field checks' keys (`sync.signIn.invalid.*`), per field, from the last attempt to send. */
  fieldErrors: Partial<Record<SignInField, string>>;
  signInError: SyncFailure | null;
  setStatus(status: SyncStatus): void;
  load(): Promise<void>;
  loadRefusals(): Promise<void>;
  loadDevices(): Promise<void>;
  openSignIn(): void;
  closeSignIn(): void;
  setField(field: SignInField, value: string): void;
  signIn(): Promise<boolean>;
  signOut(options?: { confirm?: boolean }): Promise<boolean>;
  syncNow(): Promise<void>;
}

/** How the sync stores reach core: handed the client when the workbench wires its features. */
export const syncClient = storeClient('Sync');

const emptyForm: SignInForm = { server: '', email: '', password: '', totp: '', deviceName: '' };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TOTP = /^\d{6}$/;

/** The checks core makes too, made before sending so the user sees them by the field; keys of `sync.signIn.invalid`. */
export function checkSignIn(form: SignInForm): Partial<Record<SignInField, string>> {
  const errors: Partial<Record<SignInField, string>> = {};
  const server = form.server.trim();
  if (server === '') errors.server = 'sync.signIn.invalid.serverMissing';
  else if (!URL.canParse(server) || !/^https?:$/.test(new URL(server).protocol))
    errors.server = 'sync.signIn.invalid.server';
  if (!EMAIL.test(form.email.trim())) errors.email = 'sync.signIn.invalid.email';
  if (form.password === '') errors.password = 'sync.signIn.invalid.password';
  if (form.totp.trim() !== '' && !TOTP.test(form.totp.trim())) errors.totp = 'sync.signIn.invalid.totp';
  const name = form.deviceName.trim();
  if (name === '' || name.length > 80) errors.deviceName = 'sync.signIn.invalid.deviceName';
  return errors;
}

/** "WebNova on Linux" from `app.info`'s platform (`linux-x64`), else a plain default. */
export function defaultDeviceName(platform: string | null): string {
  const os = platform?.split('-')[0] ?? '';
  const names: Record<string, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };
  const name = names[os] ?? (os === '' ? null : os);
  // Plain text: the name goes to the server, so no direction marks around the platform's.
  return name
    ? t('sync.signIn.deviceOn', { platform: name, interpolation: { escapeValue: false } })
    : t('sync.signIn.deviceDefault');
}

function failureOf(error: unknown, local = false): SyncFailure {
  const { code, detail } = describeError(error);
  return local ? { code, detail, local } : { code, detail };
}

/** A failed sync call reported in sync's words for its codes (TRANSPORT is the server here, not core). */
const reportFailure = (actionKey: string, error: unknown) =>
  reportError(actionKey, error, undefined, ({ code, detail }) => syncErrorMessage({ code, detail }));

/** Sync as the status bar and the Sync view show it, the sign-in dialog's fields, and what the user can do. */
export const useSync = create<SyncState>((set, get) => ({
  status: null,
  refusals: [],
  devices: null,
  devicesError: null,
  loading: false,
  error: null,
  syncing: false,
  signInOpen: false,
  signingIn: false,
  form: emptyForm,
  fieldErrors: {},
  signInError: null,
  setStatus(status) {
    const before = get().status;
    set({ status });
    // Revoked or suspended while the window is open: said once, plainly, with what it means for local work.
    if (before && before.state !== 'stopped' && status.state === 'stopped')
      useNotifications.getState().notify(
        'warning',
        () => t('sync.view.stoppedTitle'),
        () => t('sync.view.stoppedText'),
      );
    // New refusals (or none left), or another account, change the list the Sync view shows.
    const accountChanged = (before?.account?.deviceId ?? null) !== (status.account?.deviceId ?? null);
    if (status.refused !== (before?.refused ?? 0) || accountChanged) void get().loadRefusals();
    if (accountChanged) set({ devices: null, devicesError: null });
  },
  async load() {
    set({ loading: true });
    try {
      const status = await syncClient().call('sync.status', {});
      set({ error: null });
      get().setStatus(status);
    } catch (error) {
      set({ error: failureOf(error, true) });
    } finally {
      set({ loading: false });
    }
  },
  async loadRefusals() {
    try {
      const { refusals } = await syncClient().call('sync.refusals', { limit: 100 });
      set({ refusals });
    } catch (error) {
      set({ error: failureOf(error, true) });
    }
  },
  async loadDevices() {
    if (!get().status?.account) return;
    try {
      const { devices } = await syncClient().call('sync.devices', {});
      set({ devices, devicesError: null });
    } catch (error) {
      set({ devicesError: failureOf(error) });
    }
  },
  openSignIn() {
    const account = get().status?.account ?? null;
    set((s) => ({
      signInOpen: true,
      signInError: null,
      fieldErrors: {},
      // A stopped device signs in again to the same server as the same person, most likely.
      form: account
        ? {
            ...s.form,
            server: s.form.server || account.server,
            email: s.form.email || account.email,
            deviceName: s.form.deviceName || account.deviceName,
          }
        : s.form,
    }));
    if (get().form.deviceName !== '') return;
    syncClient()
      .call('app.info', {})
      .then(
        (info) => info.platform,
        () => null,
      )
      .then((platform) => {
        // Only if the user has not typed a name meanwhile.
        if (get().form.deviceName === '') get().setField('deviceName', defaultDeviceName(platform));
      });
  },
  closeSignIn() {
    if (get().signingIn) return;
    // The secrets go when the dialog does; the rest is there when it opens again.
    set((s) => ({ signInOpen: false, signInError: null, form: { ...s.form, password: '', totp: '' } }));
  },
  setField(field, value) {
    set((s) => {
      const { [field]: _fixed, ...fieldErrors } = s.fieldErrors;
      return { form: { ...s.form, [field]: value }, fieldErrors };
    });
  },
  async signIn() {
    const { form, signingIn } = get();
    if (signingIn) return false;
    const fieldErrors = checkSignIn(form);
    set({ fieldErrors, signInError: null });
    if (Object.keys(fieldErrors).length > 0) return false;
    set({ signingIn: true });
    try {
      const totp = form.totp.trim();
      const status = await syncClient().call('sync.signIn', {
        server: form.server.trim(),
        email: form.email.trim(),
        password: form.password,
        ...(totp ? { totp } : {}),
        deviceName: form.deviceName.trim(),
      });
      set((s) => ({ signInOpen: false, form: { ...s.form, password: '', totp: '' }, error: null }));
      get().setStatus(status);
      return true;
    } catch (error) {
      set({ signInError: failureOf(error) });
      return false;
    } finally {
      set({ signingIn: false });
    }
  },
  async signOut({ confirm = true } = {}) {
    if (confirm) {
      const answer = await usePrompts.getState().ask({
        title: t('sync.signOut.title'),
        message: t('sync.signOut.message', { server: get().status?.account?.server ?? '' }),
        detail: t('sync.signOut.detail'),
        buttons: [
          { id: 'signOut', label: t('sync.signOut.confirm'), kind: 'danger' },
          { id: 'cancel', label: t('common.cancel'), kind: 'secondary' },
        ],
        cancelId: 'cancel',
      });
      if (answer !== 'signOut') return false;
    }
    try {
      get().setStatus(await syncClient().call('sync.signOut', {}));
      set({ error: null, refusals: [] });
      return true;
    } catch (error) {
      reportFailure('sync.actions.signOut', error);
      return false;
    }
  },
  async syncNow() {
    if (get().syncing) return;
    set({ syncing: true });
    try {
      get().setStatus(await syncClient().call('sync.now', {}));
      set({ error: null });
    } catch (error) {
      set({ error: failureOf(error) });
      reportFailure('sync.actions.syncNow', error);
    } finally {
      set({ syncing: false });
    }
  },
}));
