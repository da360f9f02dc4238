import { Cloud, CloudAlert, CloudCheck, CloudOff, CloudSync, type LucideIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useLayout } from '../workbench/layout-store';
import { SignInDialog } from './SignInDialog';
import { type SyncStatus, useSync } from './sync-store';
import { statusText, statusTooltip } from './sync-words';
import './sync.css';

const icons: Record<SyncStatus['state'], LucideIcon> = {
  'signed-out': Cloud,
  syncing: CloudSync,
  synced: CloudCheck,
  offline: CloudOff,
  conflict: CloudAlert,
  stopped: CloudOff,
};

/** Signed out: the sign-in dialog; otherwise the Sync view. */
export function openSync(): void {
  const status = useSync.getState().status;
  if (!status || status.state === 'signed-out') useSync.getState().openSignIn();
  else useLayout.getState().showView('sync');
}

/**
 * Sync's state in the status bar: not signed in, syncing, synced, offline with what waits, refusals,
 * or stopped. It also holds the sign-in dialog, so the dialog opens from anywhere (the palette too).
 */
export function SyncStatusItem() {
  // Re-renders when the language changes; the words come from sync-words.
  useTranslation();
  const status = useSync((s) => s.status);
  const signInOpen = useSync((s) => s.signInOpen);
  const state = status?.state ?? 'signed-out';
  const Icon = icons[state];
  return (
    <>
      <button
        type="button"
        className={`status-item status-button sync-status is-${state}`}
        title={statusTooltip(status)}
        data-testid="sync-status"
        data-state={status ? state : 'loading'}
        onClick={openSync}
      >
        <Icon size={13} aria-hidden="true" className={state === 'syncing' ? 'spin' : undefined} />
        <span>{statusText(status)}</span>
      </button>
      {signInOpen ? <SignInDialog /> : null}
    </>
  );
}
