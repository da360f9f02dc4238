import type { Decision, EventPayload } from '@webnova/core/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreClient } from '../src/client';
import { setLocale } from '../src/i18n/i18n';
import { folderName, originText } from '../src/inbox/decision-words';
import { wireInbox } from '../src/inbox/wire';
import { useNotifications, wordsOf } from '../src/notifications/notifications-store';
import { startTestCore, type TestCore } from './support/in-process-core';

const plain = (text: string | null) => text?.replace(/[\u2068\u2069]/g, '') ?? null;
const deskA = '4a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c70';
const devices = [
  { deviceId: deskA, name: 'Desk A' },
  { deviceId: '4a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c71', name: 'Laptop B' },
];
const decision = (fields: Partial<Decision>) => fields as Pick<Decision, 'origin' | 'project'>;

afterEach(() => setLocale('en'));

describe('where a decision comes from', () => {
  it('names the other device and the project folder, in English and Arabic', () => {
    const remote = decision({ origin: { deviceId: deskA, here: false }, project: '/home/rana/clinic-booking' });
    expect(originText(remote, devices)).toBe('From another device: Desk A · clinic-booking');
    setLocale('ar');
    expect(plain(originText(remote, devices))).toBe('من جهاز آخر: Desk A · clinic-booking');
  });

  it('falls back to the start of the device id while the devices are not read (signed out, or not yet)', () => {
    const remote = decision({ origin: { deviceId: deskA, here: false }, project: 'C:\\Users\\omar\\clinic\\' });
    expect(originText(remote, null)).toBe('From another device: 4a4b5c6d · clinic');
    expect(originText(remote, [])).toBe('From another device: 4a4b5c6d · clinic');
    expect(originText(decision({ origin: { deviceId: deskA, here: false } }), null)).toBe(
      'From another device: 4a4b5c6d',
    );
  });

  it('needs no badge on the proposing device, nor before the server holds the decision', () => {
    expect(originText(decision({ origin: { deviceId: deskA, here: true }, project: '/p/x' }), devices)).toBeNull();
    expect(originText(decision({ project: '/p/x' }), devices)).toBeNull();
  });

  it('says when the server’s own routes took the proposal (no device)', () => {
    expect(originText(decision({ origin: { deviceId: null, here: false }, project: '/p/x' }), devices)).toBe(
      'From the governance server · x',
    );
    expect(folderName('/a/b/')).toBe('b');
    expect(folderName('b')).toBe('b');
  });
});

describe('a notice from governance', () => {
  let env: TestCore;
  let changed: ((payload: EventPayload<'governance.changed'>) => void) | undefined;
  let unwire: () => void;

  beforeEach(async () => {
    // The real core answers the Inbox's reads; the event is played by this client.
    env = await startTestCore();
    useNotifications.setState({ items: [] });
    const client = {
      on: (event: string, listener: typeof changed) => {
        if (event === 'governance.changed') changed = listener;
        return () => {};
      },
      onStatus: () => () => {},
    } as unknown as CoreClient;
    unwire = wireInbox(client);
  });

  afterEach(async () => {
    unwire();
    await env.close();
  });

  it('is shown as a toast in the window’s language, and follows a change of language while shown', () => {
    const notice = {
      code: 'DECISION_RAN_AFTER_SYNC',
      params: { kind: { code: 'DECISION_KIND_FILE_WRITE' } },
    };
    changed?.({ pendingCount: 0, reason: 'decision', decisionId: 'd1', notice });
    const [toast] = useNotifications.getState().items;
    expect(toast?.kind).toBe('info');
    const english = 'A decision approved through the governance server has run on this device: file write.';
    expect(wordsOf(toast?.message ?? '')).toBe(english);
    setLocale('ar');
    const arabic = 'نُفّذ على هذا الجهاز قرار اعتُمد عبر خادم الحوكمة: كتابة ملف.';
    expect(plain(wordsOf(toast?.message ?? ''))).toBe(arabic);
    changed?.({ pendingCount: 0, reason: 'decision', decisionId: 'd2', notice });
    expect(plain(wordsOf(useNotifications.getState().items[1]?.message ?? ''))).toBe(arabic);
    // A change without a notice adds none.
    changed?.({ pendingCount: 1, reason: 'decision', decisionId: 'd3', newPending: true });
    expect(useNotifications.getState().items).toHaveLength(2);
  });
});
