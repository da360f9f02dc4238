import { CircleDot, FolderOpen, Languages, LoaderCircle, Moon, PlugZap, Sun } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { runCommand } from '../commands/command-registry';
import { useConnection } from '../connection/connection-store';
import { dirtyCount, useEditors } from '../editor/editors-store';
import { languageOf } from '../editor/languages';
import { statusItems } from '../features';
import { useSettings } from '../settings/settings-store';
import { useWorkspace } from '../workspace/workspace-store';

function ConnectionItem() {
  const { t } = useTranslation();
  const host = useConnection((s) => s.host);
  const status = useConnection((s) => s.status);
  const Icon = status === 'connected' ? CircleDot : status === 'connecting' ? LoaderCircle : PlugZap;
  return (
    <span
      className={`status-item status-connection is-${status}`}
      title={t(status === 'unauthorized' ? 'errors.UNAUTHORIZED' : `connection.${status}`)}
    >
      <Icon size={13} aria-hidden="true" className={status === 'connecting' ? 'spin' : undefined} />
      <span>{t(`status.host.${host}`)}</span>
      <span className="visually-hidden">
        {t(status === 'unauthorized' ? 'errors.UNAUTHORIZED' : `connection.${status}`)}
      </span>
    </span>
  );
}

function EditorItems() {
  const { t } = useTranslation();
  const active = useEditors((s) => s.tabs.find((tab) => tab.path === s.active && tab.status === 'ready')?.path ?? null);
  const cursor = useEditors((s) => s.cursor);
  const unsaved = useEditors((s) => dirtyCount(s.tabs));
  const language = active ? languageOf(active) : null;
  return (
    <>
      {unsaved > 0 ? <span className="status-item">{t('status.unsaved', { count: unsaved })}</span> : null}
      {active && cursor ? (
        <span className="status-item">{t('status.position', { line: cursor.line, column: cursor.column })}</span>
      ) : null}
      {language ? <span className="status-item">{language.name ?? t('status.plainText')}</span> : null}
    </>
  );
}

/** The bottom line: where you are connected, which folder, and the editor's position and language. */
export function StatusBar() {
  const { t } = useTranslation();
  const workspace = useWorkspace((s) => s.workspace);
  const { locale, theme } = useSettings((s) => s.settings);
  return (
    <section className="status-bar" aria-label={t('status.label')}>
      <div className="status-group">
        <ConnectionItem />
        {workspace ? (
          <button
            type="button"
            className="status-item status-button"
            title={workspace.root}
            onClick={() => void runCommand('workspace.openFolder')}
          >
            <FolderOpen size={13} aria-hidden="true" />
            <span>{workspace.name}</span>
          </button>
        ) : null}
      </div>
      <div className="status-group">
        {statusItems.map((Item, index) => (
          // The list is fixed when the bundle loads, so its order is a stable key.
          <Item key={index} />
        ))}
        <EditorItems />
        <button
          type="button"
          className="status-item status-button"
          aria-label={t('commands.preferences.switchLanguage')}
          onClick={() => void runCommand('preferences.switchLanguage')}
        >
          <Languages size={13} aria-hidden="true" />
          <span lang={locale}>{t(`languageNames.${locale}`)}</span>
        </button>
        <button
          type="button"
          className="status-item status-button"
          aria-label={t('commands.preferences.toggleTheme')}
          onClick={() => void runCommand('preferences.toggleTheme')}
        >
          {theme === 'dark' ? <Moon size={13} aria-hidden="true" /> : <Sun size={13} aria-hidden="true" />}
          <span>{t(`status.theme.${theme}`)}</span>
        </button>
      </div>
    </section>
  );
}
