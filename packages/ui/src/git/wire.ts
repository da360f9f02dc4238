import type { CoreClient } from '../client';
import { useGit } from './git-store';
import { useGitRemote } from './remote-store';

/** Bursts of `git.changed` (a save touches the file, then the index…) become one refresh. */
const REFRESH_DELAY_MS = 150;

/** Keeps the git view in step with core: refreshes on `git.changed` and when the folder changes. */
export function wireGit(client: CoreClient): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refreshSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void useGit.getState().refresh();
      void useGitRemote.getState().refresh();
    }, REFRESH_DELAY_MS);
  };
  const stops = [
    client.on('git.changed', refreshSoon),
    client.on('git.progress', (progress) => useGitRemote.getState().onProgress(progress)),
    client.on('workspace.changed', ({ workspace }) => {
      useGit.getState().reset();
      useGitRemote.getState().reset();
      if (workspace) refreshSoon();
    }),
  ];
  return () => {
    if (timer) clearTimeout(timer);
    for (const stop of stops) stop();
  };
}
