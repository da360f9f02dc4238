import type { WorkspaceInfo } from '@webnova/core/contracts';
import { useEditors } from '../editor/editors-store';
import { restoreSession, saveSessionNow, syncSession } from '../editor/session';
import { useExplorer } from '../explorer/explorer-store';
import { t } from '../i18n/i18n';
import { reportError } from '../notifications/report';
import { useWorkspaceFiles } from '../palette/files-store';
import { log } from '../panels/output-store';
import { useSearch } from '../search/search-store';
import { useWorkspace, workspaceClient } from './workspace-store';

/** True while one folder is being swapped for another: the tab changes then are not the user's. */
let switching = false;

export function syncWorkspaceSession(): () => void {
  return syncSession(() => !switching && useWorkspace.getState().workspace !== null);
}

export async function loadRecent(): Promise<void> {
  try {
    useWorkspace.getState().setRecent(await workspaceClient().call('workspace.recent', {}));
  } catch (error) {
    reportError('actions.loadRecent', error);
  }
}

/** Puts a workspace (or none) on screen: fresh tree, fresh caches, and its saved tabs. */
export async function applyWorkspace(next: WorkspaceInfo | null): Promise<void> {
  const state = useWorkspace.getState();
  if ((state.workspace?.root ?? null) === (next?.root ?? null)) {
    state.setKnown();
    return;
  }
  switching = true;
  try {
    useEditors.getState().closeAll();
    useExplorer.getState().reset();
    useWorkspaceFiles.getState().reset();
    useSearch.getState().reset();
    state.setWorkspace(next);
    if (next) {
      await Promise.all([useExplorer.getState().loadFolder(''), restoreSession()]);
    }
  } finally {
    switching = false;
  }
}

/** Asks about unsaved tabs, keeping the current folder's session; false when the user cancels. */
async function leaveCurrentFolder(): Promise<boolean> {
  if (!useWorkspace.getState().workspace) return true;
  await saveSessionNow();
  switching = true;
  const left = await useEditors.getState().requestCloseAll();
  switching = false;
  return left;
}

/**
 * Opens an absolute folder path as the workspace. Throws core's error (NOT_FOUND, NOT_A_DIRECTORY…)
 * so the Open Folder dialog can show it next to the path; resolves false if the user cancelled.
 */
export async function openFolder(root: string): Promise<boolean> {
  const { workspace, setOpening } = useWorkspace.getState();
  if (workspace?.root === root) return true;
  if (!(await leaveCurrentFolder())) return false;
  setOpening(true);
  try {
    const info = await workspaceClient().call('workspace.open', { root });
    await applyWorkspace(info);
    log.info(t('output.openedFolder', { root: info.root }));
    void loadRecent();
    return true;
  } finally {
    setOpening(false);
  }
}

export async function closeFolder(): Promise<void> {
  const { workspace } = useWorkspace.getState();
  if (!workspace) return;
  if (!(await leaveCurrentFolder())) return;
  try {
    await workspaceClient().call('workspace.close', {});
    await applyWorkspace(null);
    log.info(t('output.closedFolder', { root: workspace.root }));
    void loadRecent();
  } catch (error) {
    reportError('actions.closeFolder', error);
  }
}
