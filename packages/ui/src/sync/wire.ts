import type { CoreClient } from '../client';
import { useBlueprintConflicts } from './blueprint-conflicts-store';
import { useSync } from './sync-store';

/**
 * Keeps the status bar and the Sync view current from `sync.changed`; reads the state again on
 * reconnect. A change in what the server refused reads the Blueprint conflicts again (a new one is announced).
 */
export function wireSync(client: CoreClient): () => void {
  const unsubscribe = [
    client.on('sync.changed', (status) => {
      const refusedBefore = useSync.getState().status?.refused ?? 0;
      useSync.getState().setStatus(status);
      if (status.account && status.refused !== refusedBefore) void useBlueprintConflicts.getState().load();
    }),
    client.onStatus((status) => {
      if (status === 'connected') void useSync.getState().load();
    }),
  ];
  void useSync.getState().load();
  return () => {
    for (const stop of unsubscribe) stop();
  };
}
