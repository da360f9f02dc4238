import type { CoreClient } from '../client';
import { useSettings } from '../settings/settings-store';
import { useTerminals } from './terminal-store';
import { setTerminalViews, TerminalViews } from './terminal-views';

/** Lists core's terminals and gives each a view: after a window reload this re-attaches them. */
async function catchUp(client: CoreClient, views: TerminalViews, reattach: boolean): Promise<void> {
  try {
    const { terminals } = await client.call('terminal.list', {});
    useTerminals.getState().setTerminals(terminals);
    views.sync(terminals);
    if (reattach) views.reattachAll();
  } catch {
    // No connection yet: the reconnect path comes back here.
  }
}

/** Connects the terminals to core's event streams, the theme and the connection status. */
export function wireTerminal(client: CoreClient): () => void {
  const views = new TerminalViews(client, useSettings.getState().settings.theme);
  setTerminalViews(views);
  let lost = false;
  const stops = [
    client.on('terminal.changed', ({ terminals }) => {
      useTerminals.getState().setTerminals(terminals);
      views.sync(terminals);
    }),
    client.on('terminal.data', ({ id, offset, data }) => views.data(id, offset, data)),
    client.on('terminal.exited', ({ id, exitCode }) => views.exited(id, exitCode)),
    client.onStatus((status) => {
      if (status === 'disconnected') lost = true;
      if (status === 'connected' && lost) {
        lost = false;
        void catchUp(client, views, true);
      }
    }),
    useSettings.subscribe((state, previous) => {
      if (state.settings.theme !== previous.settings.theme) views.setTheme(state.settings.theme);
    }),
  ];
  void catchUp(client, views, false);
  return () => {
    for (const stop of stops) stop();
    views.disposeAll();
    setTerminalViews(null);
  };
}
