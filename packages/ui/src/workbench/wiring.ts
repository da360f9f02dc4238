import type { CoreClient } from '../client';
import { installKeybindings } from '../commands/keyboard';
import { useConnection } from '../connection/connection-store';
import { dirtyCount, useEditors } from '../editor/editors-store';
import { useExplorer } from '../explorer/explorer-store';
import { t } from '../i18n/i18n';
import { useWorkspaceFiles } from '../palette/files-store';
import { log } from '../panels/output-store';
import { useSettings } from '../settings/settings-store';
import { applyWorkspace, syncWorkspaceSession } from '../workspace/folder-actions';

/** After a dropped connection, events may have been missed: look again at what is on screen. */
async function catchUp(client: CoreClient): Promise<void> {
  try {
    await applyWorkspace(await client.call('workspace.current', {}));
  } catch {
    return;
  }
  const explorer = useExplorer.getState();
  await Promise.all(Object.keys(explorer.children).map((path) => explorer.loadFolder(path)));
  useWorkspaceFiles.getState().reset();
  const tabs = useEditors.getState().tabs;
  useEditors.getState().onFsChanged(tabs.map((tab) => ({ type: 'changed', path: tab.path, kind: 'file' })));
}

/**
 * Connects core's event streams and the window to the shell's stores: file changes reach the tree,
 * the tabs and quick open; settings and workspace changes made elsewhere show here too.
 */
export function wireShell(client: CoreClient): () => void {
  const stops = [
    client.on('fs.changed', ({ changes }) => {
      useExplorer.getState().onFsChanged(changes);
      useEditors.getState().onFsChanged(changes);
      useWorkspaceFiles.getState().onFsChanged(changes);
    }),
    client.on('workspace.changed', ({ workspace }) => void applyWorkspace(workspace)),
    client.on('settings.changed', (settings) => useSettings.getState().changedElsewhere(settings)),
    client.onStatus((status) => {
      const before = useConnection.getState().status;
      useConnection.getState().setStatus(status);
      if (status === 'disconnected' && before !== 'disconnected') log.warn(t('output.disconnected'));
      if (status === 'connected' && before === 'disconnected') {
        log.info(t('output.reconnected'));
        void catchUp(client);
      }
    }),
    installKeybindings(),
    syncWorkspaceSession(),
  ];

  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (dirtyCount(useEditors.getState().tabs) > 0) event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  stops.push(() => window.removeEventListener('beforeunload', onBeforeUnload));

  return () => {
    for (const stop of stops) stop();
  };
}
