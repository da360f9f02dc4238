import { CloudSync } from 'lucide-react';
import type { Command } from '../commands/command-registry';
import { useLayout } from '../workbench/layout-store';
import { defineUiFeature } from '../workbench/ui-feature';
import { SyncStatusItem } from './SyncStatusItem';
import { SyncView } from './SyncView';
import ar from './strings.ar.json';
import en from './strings.en.json';
import { syncClient, useSync } from './sync-store';
import { wireSync } from './wire';

const signedIn = () => useSync.getState().status?.account != null;

const commands: Command[] = [
  {
    id: 'sync.signIn',
    // Signed in and syncing, signing in again would replace this device's registration.
    enabled: () => !signedIn() || useSync.getState().status?.state === 'stopped',
    run: () => useSync.getState().openSignIn(),
  },
  { id: 'sync.signOut', enabled: signedIn, run: () => void useSync.getState().signOut() },
  {
    id: 'sync.now',
    enabled: () => signedIn() && useSync.getState().status?.state !== 'stopped',
    run: () => useSync.getState().syncNow(),
  },
  { id: 'sync.show', run: () => useLayout.getState().showView('sync') },
];

/** Sync with a governance server: the status bar's state, the sign-in dialog, the Sync view, its commands. */
export const syncFeature = defineUiFeature({
  id: 'sync',
  views: [
    { id: 'sync', component: SyncView, titleKey: 'views.sync.title', icon: CloudSync, order: 80, command: 'sync.show' },
  ],
  statusItems: [SyncStatusItem],
  commands,
  strings: { en, ar },
  clients: [syncClient],
  wire: wireSync,
});
