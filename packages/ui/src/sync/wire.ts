import type { CoreClient } from '../client';
import { useSync } from './sync-store';

/** Keeps the status bar and the Sync view current from `sync.changed`; reads the state again on reconnect. */
export function wireSync(client: CoreClient): () => void {
  const unsubscribe = [
    client.on('sync.changed', (status) => useSync.getState().setStatus(status)),
    client.onStatus((status) => {
      if (status === 'connected') void useSync.getState().load();
    }),
  ];
  void useSync.getState().load();
  return () => {
    for (const stop of unsubscribe) stop();
  };
}
