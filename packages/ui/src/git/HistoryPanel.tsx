import { FileDiff, History as HistoryIcon, RotateCcw, Undo2 } from 'lucide-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { FileIcon } from '../explorer/FileIcon';
import { baseName } from '../workspace/paths';
import { type GitCommit, useGit } from './git-store';
import { type GraphRow, layoutGraph } from './graph';

const LANE = 12;
const ROW = 26;

/** Commits of every branch, newest first, with lanes for branches and merges; a commit opens its details. */
export function HistoryPanel() {
  const { t } = useTranslation();
  const commits = useGit((s) => s.commits);
  const hasMore = useGit((s) => s.hasMore);
  const loaded = useGit((s) => s.historyLoaded);
  const selected = useGit((s) => s.selected);
  const rows = useMemo(() => layoutGraph(commits), [commits]);
  const width = Math.max(1, ...rows.map((row) => row.width));
  if (loaded && commits.length === 0) return <EmptyState icon={HistoryIcon} text={t('git.noCommits')} />;
  return (
    <div className="git-history">
      <ul className="git-commit-list" aria-label={t('git.historyLabel')}>
        {commits.map((commit, index) => (
          <li key={commit.oid} className={`git-commit${commit.oid === selected ? ' is-selected' : ''}`}>
            <button
              type="button"
              className="git-commit-row"
              aria-expanded={commit.oid === selected}
              onClick={() => void useGit.getState().select(commit.oid)}
            >
              <Graph row={rows[index] as GraphRow} width={width} />
              <span className="git-commit-text">
                <span className="git-commit-subject" dir="auto">
                  {commit.subject}
                </span>
                {commit.refs.map((ref) => (
                  <span key={ref} className={`git-ref${ref === 'HEAD' ? ' is-head' : ''}`} dir="ltr">
                    {ref}
                  </span>
                ))}
              </span>
            </button>
            {commit.oid === selected ? <CommitDetails commit={commit} /> : null}
          </li>
        ))}
      </ul>
      {hasMore ? (
        <button
          type="button"
          className="button button-secondary git-load-more"
          onClick={() => void useGit.getState().loadMore()}
        >
          {t('git.loadMore')}
        </button>
      ) : null}
    </div>
  );
}

const x = (lane: number) => lane * LANE + LANE / 2;

/** One row of the graph: lines passing by, lines into and out of the commit's dot. */
function Graph({ row, width }: { row: GraphRow; width: number }) {
  const mid = ROW / 2;
  const color = (lane: number) => `var(--git-lane-${lane % 6})`;
  return (
    <svg className="git-graph" width={width * LANE} height={ROW} aria-hidden="true" focusable="false">
      {row.through.map((lane) => (
        <line key={`t${lane}`} x1={x(lane)} y1={0} x2={x(lane)} y2={ROW} stroke={color(lane)} />
      ))}
      {row.incoming.map((lane) => (
        <line key={`i${lane}`} x1={x(lane)} y1={0} x2={x(row.lane)} y2={mid} stroke={color(lane)} />
      ))}
      {row.outgoing.map((lane) => (
        <line key={`o${lane}`} x1={x(row.lane)} y1={mid} x2={x(lane)} y2={ROW} stroke={color(lane)} />
      ))}
      <circle cx={x(row.lane)} cy={mid} r={3.5} fill={color(row.lane)} />
    </svg>
  );
}

function CommitDetails({ commit }: { commit: GitCommit }) {
  const { t, i18n } = useTranslation();
  const details = useGit((s) => (s.details?.commit.oid === commit.oid ? s.details : null));
  const busy = useGit((s) => s.busy);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(commit.author.timestamp * 1000),
  );
  const body = commit.message.slice(commit.subject.length).trim();
  return (
    <section className="git-commit-details" aria-label={t('git.detailsLabel', { commit: commit.oid.slice(0, 7) })}>
      <p className="git-commit-meta">
        <bdi>{commit.author.name}</bdi> · {when} · <code dir="ltr">{commit.oid.slice(0, 10)}</code>
      </p>
      {body ? (
        <p className="git-commit-body" dir="auto">
          {body}
        </p>
      ) : null}
      <div className="git-commit-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={busy || commit.parents.length > 1}
          onClick={() => void useGit.getState().revert(commit)}
        >
          <Undo2 size={14} aria-hidden="true" /> {t('git.revert')}
        </button>
      </div>
      {details ? (
        <ul className="git-commit-files" aria-label={t('git.changedFiles')}>
          {details.files.map((file) => (
            <li key={file.path} className={`git-change is-${file.change}`}>
              <button
                type="button"
                className="git-change-open"
                title={file.path}
                aria-label={t('git.openChange', { path: file.path, change: t(`git.change.${file.change}`) })}
                onClick={() => void useGit.getState().openCommitFile(commit, file.path)}
              >
                <FileIcon path={file.path} />
                <span className="git-change-name" dir="auto">
                  {file.path}
                </span>
              </button>
              <span className="git-change-actions">
                <IconButton
                  icon={FileDiff}
                  label={t('git.openDiff', { name: baseName(file.path) })}
                  onClick={() => void useGit.getState().openCommitFile(commit, file.path)}
                />
                <IconButton
                  icon={RotateCcw}
                  label={t('git.restoreFile', { name: baseName(file.path) })}
                  disabled={busy}
                  onClick={() => void useGit.getState().restoreFile(commit, file.path)}
                />
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="view-text">{t('common.loading')}</p>
      )}
    </section>
  );
}
