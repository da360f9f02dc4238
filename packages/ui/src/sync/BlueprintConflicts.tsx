import { GitCompareArrows, TriangleAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { tMessage } from '../i18n/i18n';
import { BlueprintCompareDialog } from './BlueprintCompareDialog';
import { type BlueprintConflict, useBlueprintConflicts } from './blueprint-conflicts-store';

/** One refused change, with what the user can do about it. */
export function ConflictEntry({ conflict }: { conflict: BlueprintConflict }) {
  const { t } = useTranslation();
  const busy = useBlueprintConflicts((s) => s.busy === conflict.id);
  const { rebase, compare } = useBlueprintConflicts.getState();
  const rebased = conflict.rebasedAs !== null;
  return (
    <li className={`sync-conflict${rebased ? ' is-rebased' : ''}`} data-testid="blueprint-conflict">
      <span className="sync-conflict-head">
        <TriangleAlert size={14} aria-hidden="true" className="sync-conflict-icon" />
        <span className="sync-conflict-title">{t('sync.blueprint.entryTitle')}</span>
      </span>
      <code className="sync-conflict-path" dir="ltr" title={conflict.project ?? conflict.path}>
        {conflict.path}
      </code>
      <span className="sync-conflict-line">
        {t('sync.blueprint.yourChange', { change: tMessage(conflict.change) })}
      </span>
      <span className="sync-conflict-line is-muted">
        {conflict.theirsVersion === null
          ? t('sync.blueprint.madeOn', { basedOn: conflict.basedOn })
          : t('sync.blueprint.versions', { basedOn: conflict.basedOn, theirs: conflict.theirsVersion })}
      </span>
      <span className="sync-conflict-line is-muted">
        {rebased ? t('sync.blueprint.rebasedWaiting') : t('sync.blueprint.fileKept')}
      </span>
      <div className="sync-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy || rebased}
          aria-busy={busy}
          onClick={() => void rebase(conflict.id)}
        >
          {t('sync.blueprint.rebase')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void compare(conflict.id)}
        >
          <GitCompareArrows size={14} aria-hidden="true" />
          {t('sync.blueprint.compare')}
        </button>
      </div>
    </li>
  );
}

/**
 * This device's Blueprint changes the server refused because another device changed that version first.
 * Each keeps its change in the project's file until the user rebases it onto the newest version (a new
 * decision) or compares the three versions.
 */
export function BlueprintConflicts() {
  const conflicts = useBlueprintConflicts((s) => s.conflicts);
  const comparing = useBlueprintConflicts((s) => s.comparing);
  return (
    <>
      <ul className="sync-conflicts">
        {conflicts.map((conflict) => (
          <ConflictEntry key={conflict.id} conflict={conflict} />
        ))}
      </ul>
      {comparing ? <BlueprintCompareDialog comparison={comparing} /> : null}
    </>
  );
}
