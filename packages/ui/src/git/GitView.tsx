import { FolderDown, GitBranch, RefreshCw } from 'lucide-react';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { ViewHeader } from '../components/ViewHeader';
import { useWorkspace } from '../workspace/workspace-store';
import { AuthorDialog } from './AuthorDialog';
import { BranchDialog } from './BranchDialog';
import { ChangesPanel } from './ChangesPanel';
import { useGit } from './git-store';
import { HistoryPanel } from './HistoryPanel';
import { RemoteBar } from './RemoteBar';
import { clearConflictsWhenMerged, useGitRemote } from './remote-store';
import './git.css';

const TABS = ['changes', 'history'] as const;

/** The git side view: changes and the commit box, or the history; the branch picker in its header. */
export function GitView() {
  const { t } = useTranslation();
  const workspace = useWorkspace((s) => s.workspace);
  const status = useGit((s) => s.status);
  const tab = useGit((s) => s.tab);
  const busy = useGit((s) => s.busy);
  const editingAuthor = useGit((s) => s.editingAuthor);
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    if (workspace) {
      void useGit.getState().refresh();
      void useGitRemote.getState().refresh();
    }
  }, [workspace]);

  // The files a pull left in conflict stay listed until the merge is committed.
  const merging = status?.merging ?? false;
  useEffect(() => clearConflictsWhenMerged(merging), [merging]);

  if (!workspace) {
    return (
      <div className="view">
        <ViewHeader title={t('views.git.title')} />
        <EmptyState icon={GitBranch} text={t('git.noFolder')}>
          <OpenFromServerButton />
        </EmptyState>
      </div>
    );
  }
  if (status && !status.isRepo) {
    return (
      <div className="view">
        <ViewHeader title={t('views.git.title')} />
        <EmptyState icon={GitBranch} text={t('git.notRepo')}>
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void useGit.getState().init()}
          >
            {t('git.init')}
          </button>
          <OpenFromServerButton />
        </EmptyState>
      </div>
    );
  }

  const branchName = status ? (status.branch ?? t('git.detached', { commit: status.head?.slice(0, 7) ?? '' })) : '';
  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + 1) % TABS.length] ?? 'changes';
    useGit.getState().setTab(next);
    document.getElementById(`git-tab-${next}`)?.focus();
  };

  return (
    <div className="view git-view">
      <ViewHeader title={t('views.git.title')}>
        <IconButton icon={RefreshCw} label={t('git.refresh')} onClick={() => void useGit.getState().refresh()} />
      </ViewHeader>
      {status ? (
        <>
          <button
            type="button"
            className="git-branch-button"
            aria-label={t('git.branches.button', { name: branchName })}
            onClick={() => setPicking(true)}
          >
            <GitBranch size={14} aria-hidden="true" />
            <span dir="ltr">{branchName}</span>
            {status.merging ? <span className="git-merging">{t('git.merging')}</span> : null}
          </button>
          <RemoteBar />
          <div role="tablist" aria-label={t('views.git.title')} className="git-tabs" onKeyDown={onTabKey}>
            {TABS.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`git-tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`git-panel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                className={`git-tab${tab === name ? ' is-active' : ''}`}
                onClick={() => useGit.getState().setTab(name)}
              >
                {name === 'changes' ? t('git.tabs.changes', { count: countChanges(status) }) : t('git.tabs.history')}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`git-panel-${tab}`} aria-labelledby={`git-tab-${tab}`} className="git-panel">
            {tab === 'changes' ? <ChangesPanel /> : <HistoryPanel />}
          </div>
        </>
      ) : (
        <p className="view-text">{t('common.loading')}</p>
      )}
      {picking ? <BranchDialog onClose={() => setPicking(false)} /> : null}
      {editingAuthor ? <AuthorDialog /> : null}
    </div>
  );
}

/** "Open a project from the server": a clone into a folder of its own, then opened. */
function OpenFromServerButton() {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="button button-secondary"
      onClick={() => useGitRemote.getState().setOpeningFromServer(true)}
    >
      <FolderDown size={14} aria-hidden="true" />
      {t('git.fromServer.button')}
    </button>
  );
}

function countChanges(status: NonNullable<ReturnType<typeof useGit.getState>['status']>): number {
  return status.staged.length + status.unstaged.length + status.untracked.length + status.conflicted.length;
}
