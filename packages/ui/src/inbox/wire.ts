import type { CoreClient } from '../client';
import { t, tMessage } from '../i18n/i18n';
import { useNotifications } from '../notifications/notifications-store';
import { useLayout } from '../workbench/layout-store';
import { useInbox } from './inbox-store';

const REFRESH_DELAY_MS = 150;

/** A desktop notification (Web Notifications API) when the user allowed them; clicking opens the Inbox. */
function notifyWaiting(count: number): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(t('inbox.notification.title'), {
    body: t('inbox.notification.body', { count }),
    tag: 'webnova-inbox',
  });
  notification.onclick = () => {
    window.focus();
    useLayout.getState().showView('inbox');
    notification.close();
  };
}

/** Asks once, when the user first opens the Inbox (browsers want a user gesture for the prompt). */
export function askForNotifications(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  void Notification.requestPermission().catch(() => {});
}

/** Keeps the Inbox, its badge and the audit indicator current from `governance.changed`. */
export function wireInbox(client: CoreClient): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const catchUp = () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      const inbox = useInbox.getState();
      void inbox.refresh();
      void inbox.verifyAudit();
      if (inbox.tab === 'controls') void inbox.loadControls();
      if (inbox.tab === 'refused') void inbox.loadRefusals();
      if (inbox.tab === 'constitution' && !inbox.constitution) void inbox.loadConstitution();
    }, REFRESH_DELAY_MS);
  };
  const unsubscribe = [
    client.on('governance.changed', (change) => {
      useInbox.getState().setPendingCount(change.pendingCount);
      if (change.newPending) notifyWaiting(change.pendingCount);
      // A decision approved through the server ran here: said in the window's language, whichever it is.
      const { notice } = change;
      if (notice) useNotifications.getState().notify('info', () => tMessage(notice));
      if (change.reason === 'constitution') void useInbox.getState().loadConstitution();
      catchUp();
    }),
    client.onStatus((status) => {
      if (status === 'connected') catchUp();
    }),
  ];
  catchUp();
  return () => {
    if (timer !== null) clearTimeout(timer);
    for (const stop of unsubscribe) stop();
  };
}
