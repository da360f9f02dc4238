import type { MethodOutput } from '@webnova/core/contracts';
import { isCoreError } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { usePrompts } from '../dialogs/prompt-store';
import { diffTabKey, useEditors } from '../editor/editors-store';
import { describeError, errorCode } from '../i18n/describe-error';
import { t } from '../i18n/i18n';
import { useNotifications } from '../notifications/notifications-store';
import { reportError } from '../notifications/report';
import { log } from '../panels/output-store';
import { baseName } from '../workspace/paths';

export type GitStatus = MethodOutput<'git.status'>;
export type GitCommit = MethodOutput<'git.log'>['commits'][number];
export type GitFileChange = GitStatus['staged'][number];
export type GitBranch = MethodOutput<'git.branches'>['branches'][number];
export type GitAuthorInfo = MethodOutput<'git.author'>;
export type ChangeGroup = 'conflicted' | 'staged' | 'unstaged' | 'untracked';
type Source = 'HEAD' | 'index' | 'workdir' | string;

const PAGE = 200;

/** One side of an open diff tab, kept so the tab can follow later changes. */
interface OpenDiff {
  file: string;
  original: Source | null;
  modified: Source;
  title: string;
}

interface GitState {
  status: GitStatus | null;
  branches: GitBranch[];
  commits: GitCommit[];
  hasMore: boolean;
  historyLoaded: boolean;
  selected: string | null;
  details: MethodOutput<'git.commitDetails'> | null;
  author: GitAuthorInfo | null;
  message: string;
  tab: 'changes' | 'history';
  busy: boolean;
  editingAuthor: boolean;
  /** Runs a commit once an author is saved (the author dialog opened for it). */
  commitAfterAuthor: boolean;
  refresh(): Promise<void>;
  reset(): void;
  setTab(tab: 'changes' | 'history'): void;
  setMessage(message: string): void;
  init(): Promise<void>;
  stage(paths: string[] | 'all'): Promise<void>;
  unstage(paths: string[] | 'all'): Promise<void>;
  discard(paths: string[] | 'all'): Promise<void>;
  commit(): Promise<void>;
  openChange(group: ChangeGroup, path: string): Promise<void>;
  openCommitFile(commit: GitCommit, path: string): Promise<void>;
  loadMore(): Promise<void>;
  select(oid: string | null): Promise<void>;
  revert(commit: GitCommit): Promise<void>;
  restoreFile(commit: GitCommit, path: string): Promise<void>;
  createBranch(name: string): Promise<boolean>;
  switchBranch(name: string): Promise<boolean>;
  deleteBranch(name: string): Promise<void>;
  editAuthor(editing: boolean): void;
  saveAuthor(author: { name: string; email: string }): Promise<boolean>;
}

const openDiffs = new Map<string, OpenDiff>();

function sourceLabel(source: Source | null): string {
  if (source === null) return '';
  if (source === 'HEAD') return t('git.source.head');
  if (source === 'index') return t('git.source.index');
  if (source === 'workdir') return t('git.source.workdir');
  return source.slice(0, 7);
}

async function versionText(file: string, source: Source | null): Promise<string> {
  if (source === null) return '';
  const version = await gitClient().call('git.fileContent', { path: file, source });
  if (!version.exists) return '';
  if (version.binary) return t('git.diff.binary');
  if (version.tooLarge) return t('git.diff.tooLarge');
  return version.content;
}

async function loadDiff(key: string, diff: OpenDiff, show: boolean): Promise<void> {
  const [original, modified] = await Promise.all([
    versionText(diff.file, diff.original),
    versionText(diff.file, diff.modified),
  ]);
  const view = { file: diff.file, title: diff.title, original, modified };
  if (show) useEditors.getState().openDiff(key, view);
  else useEditors.getState().updateDiff(key, view);
}

/** A failed git call: a clear sentence when core named the files in the way, else the usual report. */
function reportGitError(actionKey: string, error: unknown, values?: Record<string, unknown>): void {
  const files = isCoreError(error) ? (error.details as { files?: unknown } | undefined)?.files : undefined;
  if (errorCode(error) === 'CONFLICT' && Array.isArray(files) && files.length > 0) {
    const described = describeError(error);
    const list = files.slice(0, 5).join(', ') + (files.length > 5 ? ' …' : '');
    const message = `${t(actionKey, values)}: ${t('git.errors.filesInTheWay', { files: list })}`;
    log.error(`${message} [${described.detail}]`);
    useNotifications.getState().notify('error', message, described.detail);
    return;
  }
  reportError(actionKey, error, values);
}

async function confirm(title: string, message: string, action: string): Promise<boolean> {
  const answer = await usePrompts.getState().ask({
    title,
    message,
    buttons: [
      { id: 'yes', label: action, kind: 'danger' },
      { id: 'no', label: t('common.cancel'), kind: 'secondary' },
    ],
    cancelId: 'no',
  });
  return answer === 'yes';
}

/** What the view shows before a repository is read, and again when the folder changes. */
const noRepository = (): Pick<
  GitState,
  'status' | 'branches' | 'commits' | 'hasMore' | 'historyLoaded' | 'selected' | 'details'
> => ({
  status: null,
  branches: [],
  commits: [],
  hasMore: false,
  historyLoaded: false,
  selected: null,
  details: null,
});

/** How these stores reach core: handed the client when the workbench wires its features. */
export const gitClient = storeClient('git');

export const useGit = create<GitState>((set, get) => {
  /** Runs a git call that changes the repository, then shows the new state. */
  async function change(actionKey: string, job: () => Promise<unknown>, values?: Record<string, unknown>) {
    set({ busy: true });
    try {
      await job();
      return true;
    } catch (error) {
      reportGitError(actionKey, error, values);
      return false;
    } finally {
      set({ busy: false });
      await get().refresh();
    }
  }

  const selection = (paths: string[] | 'all') => (paths === 'all' ? { all: true as const } : { paths });

  async function loadHistory(): Promise<void> {
    const page = await gitClient().call('git.log', { skip: 0, limit: Math.max(PAGE, get().commits.length) });
    set({ commits: page.commits, hasMore: page.hasMore, historyLoaded: true });
    const selected = get().selected;
    if (selected && !page.commits.some((commit) => commit.oid === selected)) set({ selected: null, details: null });
  }

  return {
    ...noRepository(),
    author: null,
    message: '',
    tab: 'changes',
    busy: false,
    editingAuthor: false,
    commitAfterAuthor: false,

    async refresh() {
      let status: GitStatus;
      try {
        status = await gitClient().call('git.status', {});
      } catch (error) {
        if (errorCode(error) !== 'NO_WORKSPACE') reportError('git.actions.status', error);
        get().reset();
        return;
      }
      set({ status });
      if (!status.isRepo) {
        set({ branches: [], commits: [], hasMore: false, historyLoaded: false, selected: null, details: null });
        return;
      }
      try {
        const [branches, author] = await Promise.all([
          gitClient().call('git.branches', {}),
          gitClient().call('git.author', {}),
        ]);
        set({ branches: branches.branches, author });
        if (get().tab === 'history' || get().historyLoaded) await loadHistory();
      } catch (error) {
        reportError('git.actions.status', error);
      }
      for (const [key, diff] of openDiffs) {
        if (!useEditors.getState().tabs.some((tab) => tab.path === key)) openDiffs.delete(key);
        else void loadDiff(key, diff, false).catch(() => {});
      }
    },

    reset() {
      openDiffs.clear();
      set({ ...noRepository(), busy: false });
    },

    setTab(tab) {
      set({ tab });
      if (tab === 'history' && !get().historyLoaded && get().status?.isRepo) {
        void loadHistory().catch((error) => reportError('git.actions.history', error));
      }
    },

    setMessage: (message) => set({ message }),

    async init() {
      await change('git.actions.init', () => gitClient().call('git.init', {}));
    },

    async stage(paths) {
      await change('git.actions.stage', () => gitClient().call('git.stage', selection(paths)));
    },

    async unstage(paths) {
      await change('git.actions.unstage', () => gitClient().call('git.unstage', selection(paths)));
    },

    async discard(paths) {
      const message =
        paths === 'all'
          ? t('git.confirm.discardAll')
          : paths.length === 1
            ? t('git.confirm.discardOne', { name: baseName(paths[0] ?? '') })
            : t('git.confirm.discardMany', { count: paths.length });
      if (!(await confirm(t('git.confirm.discardTitle'), message, t('git.discard')))) return;
      await change('git.actions.discard', () => gitClient().call('git.discard', selection(paths)));
    },

    async commit() {
      const message = get().message.trim();
      if (message === '' || get().busy) return;
      if (!get().author?.author) {
        set({ editingAuthor: true, commitAfterAuthor: true });
        return;
      }
      const ok = await change('git.actions.commit', () => gitClient().call('git.commit', { message }));
      if (ok) {
        set({ message: '' });
        log.info(t('git.output.committed', { message: message.split('\n', 1)[0] }));
      }
    },

    async openChange(group, path) {
      if (group === 'conflicted') {
        await useEditors.getState().open(path);
        return;
      }
      const name = baseName(path);
      const diff: OpenDiff =
        group === 'staged'
          ? { file: path, original: 'HEAD', modified: 'index', title: t('git.diff.staged', { name }) }
          : group === 'unstaged'
            ? { file: path, original: 'index', modified: 'workdir', title: t('git.diff.workingTree', { name }) }
            : { file: path, original: null, modified: 'workdir', title: t('git.diff.untracked', { name }) };
      const key = diffTabKey(group === 'staged' ? 'index' : 'workdir', path);
      openDiffs.set(key, diff);
      try {
        await loadDiff(key, diff, true);
      } catch (error) {
        reportError('git.actions.diff', error, { name });
      }
    },

    async openCommitFile(commit, path) {
      const name = baseName(path);
      const diff: OpenDiff = {
        file: path,
        original: commit.parents[0] ?? null,
        modified: commit.oid,
        title: t('git.diff.commit', { name, commit: sourceLabel(commit.oid) }),
      };
      try {
        await loadDiff(diffTabKey(commit.oid, path), diff, true);
      } catch (error) {
        reportError('git.actions.diff', error, { name });
      }
    },

    async loadMore() {
      try {
        const page = await gitClient().call('git.log', { skip: get().commits.length, limit: PAGE });
        set((s) => ({ commits: [...s.commits, ...page.commits], hasMore: page.hasMore }));
      } catch (error) {
        reportError('git.actions.history', error);
      }
    },

    async select(oid) {
      if (oid === null || oid === get().selected) {
        set({ selected: null, details: null });
        return;
      }
      set({ selected: oid, details: null });
      try {
        const details = await gitClient().call('git.commitDetails', { oid });
        if (get().selected === oid) set({ details });
      } catch (error) {
        reportError('git.actions.details', error);
      }
    },

    async revert(commit) {
      const ok = await confirm(
        t('git.confirm.revertTitle'),
        t('git.confirm.revert', { subject: commit.subject, commit: commit.oid.slice(0, 7) }),
        t('git.revert'),
      );
      if (ok) await change('git.actions.revert', () => gitClient().call('git.revert', { commit: commit.oid }));
    },

    async restoreFile(commit, path) {
      const ok = await confirm(
        t('git.confirm.restoreTitle'),
        t('git.confirm.restore', { name: baseName(path), commit: commit.oid.slice(0, 7) }),
        t('git.restore'),
      );
      if (ok) {
        await change('git.actions.restore', () => gitClient().call('git.restoreFile', { path, commit: commit.oid }), {
          name: baseName(path),
        });
      }
    },

    createBranch: (name) =>
      change('git.actions.createBranch', () => gitClient().call('git.createBranch', { name }), { name }),

    switchBranch: (name) =>
      change('git.actions.switchBranch', () => gitClient().call('git.switchBranch', { name }), { name }),

    async deleteBranch(name) {
      if (
        !(await confirm(t('git.confirm.deleteBranchTitle'), t('git.confirm.deleteBranch', { name }), t('git.delete')))
      ) {
        return;
      }
      let failure: unknown = null;
      await change(
        'git.actions.deleteBranch',
        async () => {
          try {
            await gitClient().call('git.deleteBranch', { name });
          } catch (error) {
            const reason = isCoreError(error) ? (error.details as { reason?: string } | undefined)?.reason : undefined;
            if (reason !== 'not-merged') throw error;
            failure = error;
          }
        },
        { name },
      );
      if (!failure) return;
      const force = await confirm(
        t('git.confirm.deleteBranchTitle'),
        t('git.confirm.deleteUnmerged', { name }),
        t('git.delete'),
      );
      if (force) {
        await change('git.actions.deleteBranch', () => gitClient().call('git.deleteBranch', { name, force: true }), {
          name,
        });
      }
    },

    editAuthor: (editing) => set({ editingAuthor: editing, commitAfterAuthor: editing && get().commitAfterAuthor }),

    async saveAuthor(author) {
      try {
        await gitClient().call('git.setAuthor', author);
        set({ author: await gitClient().call('git.author', {}), editingAuthor: false });
      } catch (error) {
        reportError('git.actions.author', error);
        return false;
      }
      if (get().commitAfterAuthor) {
        set({ commitAfterAuthor: false });
        await get().commit();
      }
      return true;
    },
  };
});
