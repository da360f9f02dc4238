import { reportError } from '../notifications/report';
import { editorClient, useEditors } from './editors-store';

const SAVE_DELAY_MS = 400;

let restoring = false;
let timer: ReturnType<typeof setTimeout> | null = null;

/** Reopens the tabs the workspace had last time. */
export async function restoreSession(): Promise<void> {
  restoring = true;
  try {
    const session = await editorClient().call('workspace.session', {});
    await useEditors.getState().openMany(session.openFiles, session.activeFile);
  } catch (error) {
    reportError('actions.restoreSession', error);
  } finally {
    restoring = false;
  }
}

export async function saveSessionNow(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const { tabs, active } = useEditors.getState();
  const files = tabs.filter((tab) => !tab.diff).map((tab) => tab.path);
  try {
    await editorClient().call('workspace.saveSession', {
      openFiles: files.slice(0, 100),
      activeFile: active && files.includes(active) ? active : null,
    });
  } catch (error) {
    // Closing the folder races with this save; NO_WORKSPACE is expected then.
    if ((error as { code?: string }).code !== 'NO_WORKSPACE') reportError('actions.saveSession', error);
  }
}

/** Saves the open tabs shortly after they change, for as long as `isWorkspaceOpen` says so. */
export function syncSession(isWorkspaceOpen: () => boolean): () => void {
  return useEditors.subscribe((state, previous) => {
    if (restoring || !isWorkspaceOpen()) return;
    const sameTabs =
      state.tabs.length === previous.tabs.length && state.tabs.every((tab, i) => tab.path === previous.tabs[i]?.path);
    if (sameTabs && state.active === previous.active) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void saveSessionNow(), SAVE_DELAY_MS);
  });
}
