import type { CoreClient } from '../client';
import { useAi } from './ai-store';

/** Follows the orchestrator's streams: deltas of the running turn, Apply outcomes, provider status. */
export function wireAi(client: CoreClient): () => void {
  const ai = () => useAi.getState();
  const unsubscribe = [
    client.on('ai.delta', ({ turnId, delta }) => ai().onDelta(turnId, delta)),
    client.on('ai.applied', ({ turnId, result }) => ai().onApplied(turnId, result)),
    client.on('ai.status', (status) => ai().setStatus(status)),
    client.on('workspace.changed', () => {
      ai().clear();
      void ai().load();
    }),
    client.onStatus((status) => {
      if (status === 'connected') void ai().load();
    }),
  ];
  return () => {
    for (const stop of unsubscribe) stop();
  };
}
