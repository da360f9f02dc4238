import { FileWarning } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { type EditorTab, useEditors } from './editors-store';

/** In place of the editor for a file core will not open as text (too large, binary). */
export function UnavailableFile({ tab }: { tab: EditorTab }) {
  const { t } = useTranslation();
  return (
    <div className="unavailable-file">
      <EmptyState
        icon={FileWarning}
        title={tab.problem?.message ?? t('errors.INTERNAL')}
        text={tab.problem?.detail ?? ''}
      >
        <button type="button" className="button button-secondary" onClick={() => useEditors.getState().close(tab.path)}>
          {t('editor.close')}
        </button>
      </EmptyState>
    </div>
  );
}
