import { FileX, TriangleAlert } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { type EditorTab, useEditors } from './editors-store';

/** Says when the file on disk moved away from the tab, and offers the ways out. */
export function DiskBar({ tab }: { tab: EditorTab }) {
  const { t } = useTranslation();
  const editors = useEditors.getState();
  if (tab.disk === 'deleted') {
    return (
      <div className="disk-bar is-deleted" role="alert">
        <FileX size={16} aria-hidden="true" />
        <span className="disk-bar-text">{t('editor.disk.deleted')}</span>
        <button
          type="button"
          className="button button-primary button-small"
          onClick={() => void editors.save(tab.path)}
        >
          {t('editor.disk.recreate')}
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => void editors.requestClose(tab.path)}
        >
          {t('editor.close')}
        </button>
      </div>
    );
  }
  return (
    <div className="disk-bar is-changed" role="alert">
      <TriangleAlert size={16} aria-hidden="true" />
      <span className="disk-bar-text">{t('editor.disk.changed')}</span>
      <button
        type="button"
        className="button button-primary button-small"
        onClick={() => void editors.save(tab.path, { overwrite: true })}
      >
        {t('editor.disk.overwrite')}
      </button>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => void editors.reload(tab.path)}
      >
        {t('editor.disk.reload')}
      </button>
    </div>
  );
}
