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
import { applyAppearance, rememberedLocale, rememberedTheme } from './theme/apply-appearance';
import { Workbench } from './workbench/Workbench';
import { applyWorkspace, loadRecent } from './workspace/folder-actions';
import { useWorkspace } from './workspace/workspace-store';
import './styles/index.css';

export interface WorkbenchOptions {
  client: CoreClient;
  host: HostKind;
}

export interface MountedWorkbench {
  unmount(): void;
}

/**
 * Starts the IDE's UI in `root`. Settings are read first (up to a short wait) so the first paint
 * already has the user's language, direction and theme; the open workspace and its tabs follow
 * whenever core answers.
 */
export async function mountWorkbench(root: HTMLElement, options: WorkbenchOptions): Promise<MountedWorkbench> {
  useConnection.getState().setHost(options.host);
  applyAppearance(rememberedLocale(), rememberedTheme());
  const unwire = wireFeatures(options.client);

  // Asked together with the settings; the shell paints without waiting for it, so a busy core
  // shows a window that says it is loading rather than none at all.
  const workspace = options.client.call('workspace.current', {});
  await useSettings.getState().load();
  log.info(t(options.host === 'electron' ? 'output.startedDesktop' : 'output.startedWeb'));
  workspace.then(
    (current) => applyWorkspace(current),
    (error: unknown) => {
      useWorkspace.getState().setKnown();
      reportError('actions.loadWorkspace', error);
    },
  );
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
