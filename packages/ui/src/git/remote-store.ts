import type { EventPayload, MethodOutput } from '@webnova/core/contracts';
import { create } from 'zustand';
import { describeError, type ErrorDescription } from '../i18n/describe-error';
import { t } from '../i18n/i18n';
import { useNotifications } from '../notifications/notifications-store';
import { reportError } from '../notifications/report';
import { openFolder } from '../workspace/folder-actions';
import { gitClient, useGit } from './git-store';

export type GitRemoteStatus = MethodOutput<'git.remoteStatus'>;
export type ServerProject = MethodOutput<'git.serverProjects'>['projects'][number];
export type GitProgress = EventPayload<'git.progress'>;
type Operation = 'publish' | 'fetch' | 'pull' | 'push';

interface GitRemoteState {
  status: GitRemoteStatus | null;
  /** The transfer running now, and how far it is. */
  running: Operation | 'clone' | null;
  progress: GitProgress | null;
  /** The files the last pull left with conflict markers (until the next pull or the merge's commit). */
  conflicted: string[];
  /** The last remote action's failure, shown under the buttons (offline, pull first…). */
  failure: { operation: Operation; described: ErrorDescription } | null;
  openingFromServer: boolean;
  refresh(): Promise<void>;
  reset(): void;
  publish(): Promise<void>;
  fetch(): Promise<void>;
  pull(): Promise<void>;
  push(): Promise<void>;
  onProgress(progress: GitProgress): void;
  setOpeningFromServer(open: boolean): void;
  clone(project: ServerProject, folder: string): Promise<ErrorDescription | null>;
}

const empty = (): Pick<GitRemoteState, 'status' | 'running' | 'progress' | 'conflicted' | 'failure'> => ({
  status: null,
  running: null,
  progress: null,
  conflicted: [],
  failure: null,
});

/** Code sync in the Git view: origin, ahead/behind, publish, fetch, pull, push and their progress. */
export const useGitRemote = create<GitRemoteState>((set, get) => {
  /** One transfer at a time; its failure stays in view, and the view and status follow its result. */
  async function transfer<T>(operation: Operation, run: () => Promise<T>): Promise<T | null> {
    if (get().running) return null;
    set({ running: operation, progress: null, failure: null });
    try {
      return await run();
    } catch (error) {
      set({ failure: { operation, described: describeError(error) } });
      // Core's own sentence says what happened (the server offline, pull first…): a TRANSPORT error's
      // headline would speak of the window's link to core, which is fine.
      reportError(`git.remote.failed.${operation}`, error, undefined, (described) => described.detail);
      return null;
    } finally {
      set({ running: null, progress: null });
      await Promise.all([get().refresh(), useGit.getState().refresh()]);
    }
  }

  return {
    ...empty(),
    openingFromServer: false,
    async refresh() {
      try {
        const status = await gitClient().call('git.remoteStatus', {});
        set({ status, ...(status.branches.length === 0 ? { conflicted: [] } : {}) });
      } catch {
        // The Git view shows the repository's own errors; the remote part stays as it was.
      }
    },
    reset() {
      set(empty());
    },
    async publish() {
      const done = await transfer('publish', () => gitClient().call('git.publish', {}));
      if (done) {
        set({ status: done.status });
        useNotifications.getState().notify('info', t('git.remote.published', { name: done.project.name }));
      }
    },
    async fetch() {
      const status = await transfer('fetch', () => gitClient().call('git.fetch', {}));
      if (status) set({ status });
    },
    async pull() {
      const outcome = await transfer('pull', () => gitClient().call('git.pull', {}));
      if (!outcome) return;
      set({ conflicted: outcome.conflicted });
      if (outcome.result === 'conflicts') {
        useNotifications
          .getState()
          .notify('warning', t('git.remote.pullConflicts', { count: outcome.conflicted.length }));
      }
    },
    async push() {
      const status = await transfer('push', () => gitClient().call('git.push', {}));
      if (status) set({ status });
    },
    onProgress(progress) {
      if (get().running) set({ progress: progress.done ? null : progress });
    },
    setOpeningFromServer(open) {
      set({ openingFromServer: open });
    },
    async clone(project, folder) {
      set({ running: 'clone', progress: null });
      try {
        const cloned = await gitClient().call('git.cloneFromServer', { projectId: project.id, folder });
        set({ openingFromServer: false });
        await openFolder(cloned.folder);
        return null;
      } catch (error) {
        return describeError(error);
      } finally {
        set({ running: null, progress: null });
      }
    },
  };
});

/** Whether a merge a pull left behind is still waiting (its files listed until it is committed). */
export function clearConflictsWhenMerged(merging: boolean): void {
  if (!merging && useGitRemote.getState().conflicted.length > 0) useGitRemote.setState({ conflicted: [] });
}
