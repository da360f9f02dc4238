import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { DiffView } from '../inbox/DiffView';
import { type BlueprintComparison, useBlueprintConflicts } from './blueprint-conflicts-store';

/**
 * A conflict three ways, as two diffs against the version both devices changed: the server's newest
 * (theirs) and this device's refused change (mine). Rebase from here makes mine again on theirs.
 */
export function BlueprintCompareDialog({ comparison }: { comparison: BlueprintComparison & { id: string } }) {
  const { t } = useTranslation();
  const { closeCompare, rebase } = useBlueprintConflicts.getState();
  const rebased = useBlueprintConflicts(
    (s) => s.conflicts.find((conflict) => conflict.id === comparison.id)?.rebasedAs != null,
  );
  const theirsId = useId();
  const mineId = useId();
  const base = comparison.base ?? '';
  return (
    <Dialog
      title={t('sync.blueprint.compareTitle')}
      className="sync-compare-dialog"
      onCancel={closeCompare}
      footer={
        <>
          <button type="button" className="button button-secondary" onClick={closeCompare}>
            {t('sync.blueprint.close')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={rebased}
            onClick={() => {
              closeCompare();
              void rebase(comparison.id);
            }}
          >
            {t('sync.blueprint.rebase')}
          </button>
        </>
      }
    >
      <p className="sync-compare-intro">{t('sync.blueprint.compareIntro')}</p>
      {comparison.base === null ? <p className="view-hint">{t('sync.blueprint.baseUnknown')}</p> : null}
      <section className="sync-compare-side" aria-labelledby={theirsId}>
        <h3 id={theirsId} className="section-title">
          {t('sync.blueprint.theirs')}
        </h3>
        {comparison.theirs === null ? (
          <p className="view-hint">{t('sync.blueprint.theirsUnknown')}</p>
        ) : (
          <DiffView path={comparison.path} before={base} after={comparison.theirs} />
        )}
      </section>
      <section className="sync-compare-side" aria-labelledby={mineId}>
        <h3 id={mineId} className="section-title">
          {t('sync.blueprint.mine')}
        </h3>
        <DiffView path={comparison.path} before={base} after={comparison.mine ?? ''} />
      </section>
    </Dialog>
  );
}
