import type { CoreClient } from '../client';
import { listenToPreview } from '../preview/preview-messages';
import { usePreview } from '../preview/preview-store';
import { useLayout } from '../workbench/layout-store';
import { useTasks } from './tasks-store';

const RELOAD_DEBOUNCE_MS = 150;

/**
 * Tasks follow core's events; a detected dev server opens in the preview; a page without hot
 * reloading is reloaded when a file is saved.
 */
export function wireRun(client: CoreClient): () => void {
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  const stops = [
    client.on('tasks.changed', ({ task }) => useTasks.getState().onChanged(task)),
    client.on('tasks.output', ({ name, chunk }) => useTasks.getState().onOutput(name, chunk)),
    client.on('tasks.url', ({ url, previewUrl }) => {
      usePreview.getState().show(url, previewUrl);
      useLayout.setState({ previewVisible: true });
    }),
    client.on('workspace.changed', ({ workspace }) => {
      useTasks.getState().reset();
      usePreview.getState().clear();
      if (workspace) void useTasks.getState().refresh();
    }),
    client.on('fs.changed', ({ changes }) => {
      if (changes.some((change) => change.path === 'package.json')) void useTasks.getState().refresh();
      const preview = usePreview.getState();
      if (!preview.frameUrl || preview.hmr !== false) return;
      if (reloadTimer) clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => usePreview.getState().reload(), RELOAD_DEBOUNCE_MS);
    }),
    listenToPreview(),
  ];
  return () => {
    if (reloadTimer) clearTimeout(reloadTimer);
    for (const stop of stops) stop();
  };
}
