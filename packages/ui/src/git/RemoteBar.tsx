import { ArrowDown, ArrowUp, CloudDownload, CloudUpload } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useGit } from './git-store';
import { type GitProgress, useGitRemote } from './remote-store';

/** A transfer's progress as git words it: the phase and, when known, the share done. */
export function ProgressLine({ progress, label }: { progress: GitProgress | null; label: string }) {
  const { t } = useTranslation();
  const percent = progress?.total ? Math.min(100, Math.floor((progress.loaded / progress.total) * 100)) : null;
  return (
    <div className="git-remote-progress" role="status">
      <span>{progress ? t('git.remote.progress', { phase: progress.phase, label }) : label}</span>
      {percent !== null ? (
        <progress max={100} value={percent} aria-label={label}>
          {percent}%
        </progress>
      ) : null}
    </div>
  );
}

/**
 * The Git view's line about the server: "Publish to server" when signed in without an origin, else
 * fetch, pull (with the commits behind) and push (with those ahead), the running transfer's progress,
 * the last failure, and the files a conflicting pull left with markers.
 */
export function RemoteBar() {
  const { t } = useTranslation();
  const status = useGitRemote((s) => s.status);
  const running = useGitRemote((s) => s.running);
  const progress = useGitRemote((s) => s.progress);
  const failure = useGitRemote((s) => s.failure);
  const conflicted = useGitRemote((s) => s.conflicted);
  const gitStatus = useGit((s) => s.status);
  // Signed out without an origin there is nothing to say: WebNova works without a server.
  if (!status?.isRepo || (status.origin === null && !status.canPublish)) return null;
  const current = status.branches.find((branch) => branch.current);
  const remote = useGitRemote.getState();

  return (
    <section className="git-remote" aria-label={t('git.remote.label')}>
      {status.origin === null ? (
        <button
          type="button"
          className="button button-primary git-remote-publish"
          disabled={running !== null || gitStatus?.head === null}
          onClick={() => void remote.publish()}
        >
          <CloudUpload size={14} aria-hidden="true" />
          {t('git.remote.publish')}
        </button>
      ) : (
        <div className="git-remote-actions">
          <button
            type="button"
            className="button button-secondary"
            disabled={running !== null}
            onClick={() => void remote.fetch()}
            aria-label={t('git.remote.fetch')}
            title={t('git.remote.fetch')}
          >
            <CloudDownload size={14} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={running !== null || gitStatus?.branch == null}
            onClick={() => void remote.pull()}
            aria-label={t('git.remote.pullCount', { count: current?.behind ?? 0 })}
          >
            <ArrowDown size={14} aria-hidden="true" />
            {t('git.remote.pull')}
            <span className="git-remote-count">{current?.behind ?? 0}</span>
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={running !== null || gitStatus?.branch == null}
            onClick={() => void remote.push()}
            aria-label={t('git.remote.pushCount', { count: current?.ahead ?? 0 })}
          >
            <ArrowUp size={14} aria-hidden="true" />
            {t('git.remote.push')}
            <span className="git-remote-count">{current?.upstream ? (current?.ahead ?? 0) : '+'}</span>
          </button>
        </div>
      )}
      {running ? <ProgressLine progress={progress} label={t(`git.remote.running.${running}`)} /> : null}
      {failure && !running ? (
        <p className="field-error git-remote-failure" role="alert">
          {t(`git.remote.failed.${failure.operation}`)}
          <span className="field-error-detail">{failure.described.detail}</span>
        </p>
      ) : null}
      {conflicted.length > 0 ? (
        <div className="git-remote-conflicts" role="alert">
          <p>{t('git.remote.conflictsTitle', { count: conflicted.length })}</p>
          <ul aria-label={t('git.remote.conflictsTitle', { count: conflicted.length })}>
            {conflicted.map((path) => (
              <li key={path} dir="ltr">
                {path}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
