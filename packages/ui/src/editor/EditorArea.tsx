import { useTranslation } from 'react-i18next';
import { editorTitleActions } from '../features';
import { Breadcrumbs } from './Breadcrumbs';
import { DiffEditor } from './DiffEditor';
import { DiskBar } from './DiskBar';
import { EditorTabs } from './EditorTabs';
import { useEditors } from './editors-store';
import { MonacoEditor } from './MonacoEditor';
import { UnavailableFile } from './UnavailableFile';
import { Welcome } from './Welcome';

/** The editors: tabs, the path of the active file, and Monaco (or why a file cannot be shown). */
export function EditorArea() {
  const { t } = useTranslation();
  const hasTabs = useEditors((s) => s.tabs.length > 0);
  const active = useEditors((s) => s.tabs.find((tab) => tab.path === s.active) ?? null);
  return (
    <main className="editor-area" aria-label={t('editor.areaLabel')}>
      {hasTabs ? (
        <>
          <div className="editor-title">
            <EditorTabs />
            <div className="editor-title-actions">
              {editorTitleActions.map((Action, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed at start.
                <Action key={index} />
              ))}
            </div>
          </div>
          {active ? <Breadcrumbs path={active.diff?.file ?? active.path} /> : null}
          {active && active.disk !== 'in-sync' ? <DiskBar tab={active} /> : null}
          <div className="editor-content">
            <MonacoEditor path={active && !active.diff ? active.path : null} />
            {active?.diff ? <DiffEditor diff={active.diff} /> : null}
            {active?.status === 'unavailable' ? <UnavailableFile tab={active} /> : null}
            {active?.status === 'loading' ? <p className="editor-loading">{t('common.loading')}</p> : null}
          </div>
        </>
      ) : (
        <Welcome />
      )}
    </main>
  );
}
