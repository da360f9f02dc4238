import { X } from 'lucide-react';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutFor } from '../commands/shortcut';
import { FileIcon } from '../explorer/FileIcon';
import { baseName } from '../workspace/paths';
import { type EditorTab, useEditors } from './editors-store';

/** Open files as tabs: click shows, middle-click or × closes, ● marks unsaved changes. */
export function EditorTabs() {
  const { t } = useTranslation();
  const tabs = useEditors((s) => s.tabs);
  const active = useEditors((s) => s.active);
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!active) return;
    const tab = list.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    tab?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active]);

  const onKeyDown = (event: KeyboardEvent) => {
    const rtl = document.documentElement.dir === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const index = tabs.findIndex((tab) => tab.path === active);
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    useEditors.getState().activate(next.path);
    list.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(next.path)}"]`)?.focus();
  };

  return (
    <div role="tablist" aria-label={t('editor.tabsLabel')} className="editor-tabs" ref={list} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <Tab key={tab.path} tab={tab} active={tab.path === active} />
      ))}
    </div>
  );
}

function Tab({ tab, active }: { tab: EditorTab; active: boolean }) {
  const { t } = useTranslation();
  const name = tab.diff?.title ?? baseName(tab.path);
  const close = () => void useEditors.getState().requestClose(tab.path);
  const label = tab.dirty ? t('editor.tabModified', { name }) : name;
  return (
    <div
      role="tab"
      data-path={tab.path}
      aria-selected={active}
      aria-label={tab.disk === 'deleted' ? t('editor.tabDeleted', { name: label }) : label}
      tabIndex={active ? 0 : -1}
      title={tab.diff?.file ?? tab.path}
      className={`editor-tab${active ? ' is-active' : ''}${tab.dirty ? ' is-dirty' : ''}${tab.disk === 'deleted' ? ' is-deleted' : ''}`}
      onClick={() => useEditors.getState().activate(tab.path)}
      onMouseDown={(event) => {
        if (event.button === 1) event.preventDefault();
      }}
      onAuxClick={(event) => {
        if (event.button === 1) close();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Delete') close();
      }}
    >
      <FileIcon path={tab.path} />
      <span className="editor-tab-name" dir="auto">
        {name}
      </span>
      <button
        type="button"
        tabIndex={-1}
        className="editor-tab-close"
        aria-label={t('editor.closeTab', { name })}
        title={`${t('editor.close')}${shortcutFor('editor.close') ? ` (${shortcutFor('editor.close')})` : ''}`}
        onClick={(event) => {
          event.stopPropagation();
          close();
        }}
      >
        <span className="dirty-dot" aria-hidden="true">
          ●
        </span>
        <X size={14} aria-hidden="true" className="close-x" />
      </button>
    </div>
  );
}
