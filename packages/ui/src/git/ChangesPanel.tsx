import { ChevronRight, Minus, Plus, Undo2 } from 'lucide-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '../components/IconButton';
import { FileIcon } from '../explorer/FileIcon';
import { baseName, parentOf } from '../workspace/paths';
import { type ChangeGroup, type GitFileChange, useGit } from './git-store';

/** Rows drawn per group; a repository with more changes says how many are left out. */
const MAX_ROWS = 500;

const LETTER = { added: 'A', modified: 'M', deleted: 'D', untracked: 'U', conflicted: '!' } as const;

/** The commit box and the changes, grouped as git sees them: conflicts, staged, changes, untracked. */
export function ChangesPanel() {
  const { t } = useTranslation();
  const status = useGit((s) => s.status);
  if (!status) return null;
  const groups: { group: ChangeGroup; files: GitFileChange[] }[] = [
    { group: 'conflicted', files: status.conflicted },
    { group: 'staged', files: status.staged },
    { group: 'unstaged', files: status.unstaged },
    { group: 'untracked', files: status.untracked },
  ];
  const empty = groups.every(({ files }) => files.length === 0);
  return (
    <div className="git-changes">
      <CommitBox />
      {empty ? <p className="view-text">{t('git.noChanges')}</p> : null}
      {groups.map(({ group, files }) =>
        files.length > 0 ? (
          <Group key={group} group={group} files={files} truncated={group === 'untracked' && status.truncated} />
        ) : null,
      )}
    </div>
  );
}

function CommitBox() {
  const { t } = useTranslation();
  const message = useGit((s) => s.message);
  const busy = useGit((s) => s.busy);
  const author = useGit((s) => s.author?.author ?? null);
  const canCommit = useGit((s) => (s.status?.staged.length ?? 0) > 0 || s.status?.merging === true);
  const disabled = busy || !canCommit || message.trim() === '';
  const hintId = useId();
  return (
    <div className="git-commit-box">
      <textarea
        className="text-input git-commit-message"
        aria-label={t('git.commitMessage')}
        aria-describedby={hintId}
        placeholder={t('git.commitPlaceholder')}
        dir="auto"
        rows={3}
        value={message}
        onChange={(event) => useGit.getState().setMessage(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void useGit.getState().commit();
          }
        }}
      />
      <button
        type="button"
        className="button button-primary button-wide"
        disabled={disabled}
        onClick={() => void useGit.getState().commit()}
      >
        {t('git.commit')}
      </button>
      <p className="git-author" id={hintId}>
        {author ? (
          <span>
            {t('git.authorLine')} <bdi>{`${author.name} <${author.email}>`}</bdi>
          </span>
        ) : (
          <span>{t('git.noAuthor')}</span>
        )}
        <button type="button" className="link-button" onClick={() => useGit.getState().editAuthor(true)}>
          {author ? t('git.changeAuthor') : t('git.setAuthor')}
        </button>
      </p>
    </div>
  );
}

function Group({ group, files, truncated }: { group: ChangeGroup; files: GitFileChange[]; truncated: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  const busy = useGit((s) => s.busy);
  const titleId = useId();
  const git = useGit.getState;
  const title = t(`git.groups.${group}`);
  return (
    <section className="git-group" aria-labelledby={titleId}>
      <div className="git-group-header">
        <button
          type="button"
          className="git-group-toggle"
          aria-expanded={open}
          id={titleId}
          aria-label={`${title}, ${t('git.count', { count: files.length })}`}
          onClick={() => setOpen(!open)}
        >
          <ChevronRight size={16} aria-hidden="true" className={`chevron${open ? ' is-open' : ''}`} />
          <span>{title}</span>
          <span className="badge" aria-hidden="true">
            {files.length}
          </span>
        </button>
        <div className="git-group-actions">
          {group === 'staged' ? (
            <IconButton
              icon={Minus}
              label={t('git.unstageAll')}
              disabled={busy}
              onClick={() => void git().unstage('all')}
            />
          ) : (
            <>
              {group !== 'conflicted' ? (
                <IconButton
                  icon={Undo2}
                  label={t('git.discardAll')}
                  disabled={busy}
                  onClick={() => void git().discard(files.map((f) => f.path))}
                />
              ) : null}
              <IconButton
                icon={Plus}
                label={t('git.stageAll')}
                disabled={busy}
                onClick={() => void git().stage(files.map((f) => f.path))}
              />
            </>
          )}
        </div>
      </div>
      {open ? (
        <ul className="git-change-list" aria-labelledby={titleId}>
          {files.slice(0, MAX_ROWS).map((file) => (
            <ChangeRow key={file.path} group={group} file={file} />
          ))}
          {files.length > MAX_ROWS || truncated ? (
            <li className="git-more">
              {t('git.moreFiles', { count: files.length - Math.min(files.length, MAX_ROWS) })}
            </li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}

function ChangeRow({ group, file }: { group: ChangeGroup; file: GitFileChange }) {
  const { t } = useTranslation();
  const busy = useGit((s) => s.busy);
  const git = useGit.getState;
  const name = baseName(file.path);
  const folder = parentOf(file.path);
  const change = t(`git.change.${file.change}`);
  return (
    <li className={`git-change is-${file.change}`}>
      <button
        type="button"
        className="git-change-open"
        title={file.path}
        aria-label={t('git.openChange', { path: file.path, change })}
        onClick={() => void git().openChange(group, file.path)}
      >
        <FileIcon path={file.path} />
        <span className="git-change-name" dir="auto">
          {name}
        </span>
        {folder ? (
          <span className="git-change-folder" dir="auto">
            {folder}
          </span>
        ) : null}
      </button>
      <span className="git-change-actions">
        {group === 'staged' ? (
          <IconButton
            icon={Minus}
            label={t('git.unstageFile', { name })}
            disabled={busy}
            onClick={() => void git().unstage([file.path])}
          />
        ) : (
          <>
            {group !== 'conflicted' ? (
              <IconButton
                icon={Undo2}
                label={t('git.discardFile', { name })}
                disabled={busy}
                onClick={() => void git().discard([file.path])}
              />
            ) : null}
            <IconButton
              icon={Plus}
              label={t('git.stageFile', { name })}
              disabled={busy}
              onClick={() => void git().stage([file.path])}
            />
          </>
        )}
      </span>
      <span className="git-change-letter" title={change} aria-hidden="true">
        {LETTER[file.change]}
      </span>
    </li>
  );
}
