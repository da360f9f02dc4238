import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { CoreClient } from './client';
import { type HostKind, useConnection } from './connection/connection-store';
import { loadMonaco } from './editor/monaco-loader';
import { wireFeatures } from './features';
import { i18n, t } from './i18n/i18n';
import { reportError } from './notifications/report';
import { log } from './panels/output-store';
import { useSettings } from './settings/settings-store';
import { applyAppearance, rememberedTheme } from './theme/apply-appearance';
import { Workbench } from './workbench/Workbench';
import { applyWorkspace, loadRecent } from './workspace/folder-actions';
import './styles/index.css';

export interface WorkbenchOptions {
  client: CoreClient;
  host: HostKind;
}

export interface MountedWorkbench {
  unmount(): void;
}

/**
 * Starts the IDE's UI in `root`. Settings are read first so the first paint already has the
 * user's language, direction and theme; the open workspace's tabs restore after that paint.
 */
export async function mountWorkbench(root: HTMLElement, options: WorkbenchOptions): Promise<MountedWorkbench> {
  useConnection.getState().setHost(options.host);
  applyAppearance('en', rememberedTheme());
  const unwire = wireFeatures(options.client);

  await useSettings.getState().load();
  log.info(t(options.host === 'electron' ? 'output.startedDesktop' : 'output.startedWeb'));
  try {
    void applyWorkspace(await options.client.call('workspace.current', {}));
  } catch (error) {
    reportError('actions.loadWorkspace', error);
  }
  void loadRecent();

  const reactRoot = createRoot(root);
  // Monaco is most of the code: fetch and compile it right after the shell's first paint,
  // while the open editors are restored, rather than when the first editor mounts.
  requestAnimationFrame(() => setTimeout(() => loadMonaco().catch(() => {}), 0));
  reactRoot.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <Workbench />
      </I18nextProvider>
    </StrictMode>,
  );
  return {
    unmount() {
      reactRoot.unmount();
      unwire();
    },
  };
}
