import { FolderOpen } from 'lucide-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutFor } from '../commands/shortcut';
import { reportError } from '../notifications/report';
import { openFolder } from '../workspace/folder-actions';
import { useWorkspace } from '../workspace/workspace-store';

/** The Explorer before a folder is open: the button and the recent folders. */
export function NoFolderView() {
  const { t } = useTranslation();
  const recent = useWorkspace((s) => s.recent);
  const setPicking = useWorkspace((s) => s.setPicking);
  const shortcut = shortcutFor('workspace.openFolder');
  const recentTitleId = useId();
  return (
    <div className="no-folder">
      <p className="view-text">{t('explorer.noFolder')}</p>
      <button type="button" className="button button-primary button-wide" onClick={() => setPicking(true)}>
        <FolderOpen size={16} aria-hidden="true" />
        {t('commands.workspace.openFolderShort')}
        {shortcut ? <kbd className="button-kbd">{shortcut}</kbd> : null}
      </button>
      {recent.length > 0 ? (
        <section className="recent" aria-labelledby={recentTitleId}>
          <h3 id={recentTitleId} className="recent-title">
            {t('workspace.recent')}
          </h3>
          <ul className="recent-list">
            {recent.slice(0, 8).map((item) => (
              <li key={item.root}>
                <button
                  type="button"
                  className="recent-item"
                  title={item.root}
                  onClick={() =>
                    void openFolder(item.root).catch((error: unknown) =>
                      reportError('actions.openFolder', error, { name: item.name }),
                    )
                  }
                >
                  <span className="recent-name" dir="auto">
                    {item.name}
                  </span>
                  <span className="recent-path" dir="ltr">
                    {item.root}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
