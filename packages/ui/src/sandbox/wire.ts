import type { CoreClient } from '../client';
import { useSandbox } from './sandbox-store';

/** The channel follows core's runs: a file the user ran, or a command a decision ran. */
export function wireSandbox(client: CoreClient): () => void {
  const stops = [
    client.on('sandbox.started', (run) => useSandbox.getState().onStarted(run)),
    client.on('sandbox.output', ({ runId, chunk }) => useSandbox.getState().onOutput(runId, chunk)),
    client.on('sandbox.finished', ({ runId, end }) => useSandbox.getState().onFinished(runId, end)),
  ];
  // Which files the sandbox runs here decides whether the editor shows its button.
  void useSandbox.getState().loadStatus();
  return () => {
    for (const stop of stops) stop();
  };
}
