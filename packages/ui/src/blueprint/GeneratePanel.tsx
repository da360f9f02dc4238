import { AlertTriangle, Hammer } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useEditors } from '../editor/editors-store';
import { type GenerationConflict, type GenerationReport, useBlueprint } from './blueprint-store';

function openAt(path: string, line?: number) {
  void useEditors.getState().open(path, line ? { line, column: 1 } : undefined);
}

function ChangeList({ report }: { report: GenerationReport }) {
  const { t } = useTranslation();
  const shown = report.changes.filter((change) => change.kind !== 'keep' || change.reason !== 'edited');
  if (shown.length === 0) return <p className="view-hint">{t('blueprint.generate.upToDate')}</p>;
  return (
    <ul className="blueprint-changes" aria-label={t('blueprint.generate.previewLabel')}>
      {shown.map((change) => (
        <li key={`${change.kind}:${change.path}`} className={`blueprint-change is-${change.kind}`}>
          <span className="blueprint-change-kind">{t(`blueprint.change.${change.kind}`)}</span>
          <span className="blueprint-change-path" dir="ltr" title={change.path}>
            {change.path}
          </span>
          {change.from ? (
            <span className="blueprint-id" dir="ltr">
              {t('blueprint.generate.movedFrom', { from: change.from })}
            </span>
          ) : null}
          {change.reason ? <span className="blueprint-id">{t(`blueprint.keep.${change.reason}`)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function ConflictList({ conflicts }: { conflicts: GenerationConflict[] }) {
  const { t } = useTranslation();
  return (
    <section className="blueprint-section" aria-label={t('blueprint.conflicts.title')}>
      <p className="blueprint-issues-title">
        <AlertTriangle size={14} aria-hidden="true" /> {t('blueprint.conflicts.title')} ({conflicts.length})
      </p>
      <p className="view-text">{t('blueprint.conflicts.help')}</p>
      <ul className="blueprint-conflicts">
        {conflicts.map((conflict) => (
          <li key={conflict.path}>
            <button
              type="button"
              className="link-button blueprint-conflict"
              onClick={() => openAt(conflict.path, conflict.line)}
            >
              <span dir="ltr">
                {conflict.path}
                {conflict.line ? `:${conflict.line}` : ''}
              </span>
              <span className="blueprint-id">
                {t(`blueprint.conflicts.${conflict.reason}`, { count: conflict.hunks })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Generate / Regenerate, with the preview of which files will change, and the conflicts left to resolve. */
export function GeneratePanel() {
  const { t } = useTranslation();
  const preview = useBlueprint((s) => s.preview);
  const lastRun = useBlueprint((s) => s.lastRun);
  const conflicts = useBlueprint((s) => s.conflicts);
  const busy = useBlueprint((s) => s.busy);
  const regenerating = preview?.previousBlueprintHash != null;
  const pending = preview ? preview.changes.filter((c) => c.kind !== 'keep').length : 0;
  // Files dropped by the generator after your edits are reported once, by the run that dropped them.
  const shownConflicts = [
    ...conflicts,
    ...(lastRun?.conflicts.filter((c) => c.reason === 'no-longer-generated') ?? []),
  ];
  return (
    <>
      <section className="blueprint-section" aria-label={t('blueprint.generate.title')}>
        <div className="blueprint-generate-row">
          <button
            type="button"
            className="button button-primary"
            disabled={busy === 'generate' || !preview}
            onClick={() => void useBlueprint.getState().generate()}
          >
            <Hammer size={14} aria-hidden="true" />
            {busy === 'generate'
              ? t('blueprint.generate.running')
              : regenerating
                ? t('blueprint.generate.regenerate')
                : t('blueprint.generate.generate')}
          </button>
          {preview ? (
            <span className="blueprint-id" role="status">
              {t('blueprint.generate.pending', { count: pending })}
            </span>
          ) : null}
        </div>
        {lastRun ? (
          <p className="view-text" role="status">
            {t('blueprint.generate.done', {
              written: lastRun.filesWritten,
              merged: lastRun.counts.merged,
              conflicted: lastRun.counts.conflicted,
            })}
          </p>
        ) : null}
        {preview ? <ChangeList report={preview} /> : <p className="view-hint">{t('common.loading')}</p>}
      </section>
      {shownConflicts.length > 0 ? <ConflictList conflicts={shownConflicts} /> : null}
    </>
  );
}
