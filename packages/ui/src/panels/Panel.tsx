import { ChevronDown } from 'lucide-react';
import { type KeyboardEvent, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutFor } from '../commands/shortcut';
import { IconButton } from '../components/IconButton';
import { panelTabs } from '../features';
import { useLayout } from '../workbench/layout-store';

/** The bottom panel under the editors: the registered features' tabs (Terminal, Output, Problems). */
export function Panel({ height }: { height: number }) {
  const { t } = useTranslation();
  const tabId = useLayout((s) => s.panelTab);
  // A tab remembered from a build that had it falls back to the first one.
  const tab = panelTabs.find((candidate) => candidate.id === tabId) ?? panelTabs[0];
  const showPanel = useLayout((s) => s.showPanel);
  const hidePanel = useLayout((s) => s.hidePanel);
  const focusRequest = useLayout((s) => s.focusRequest);
  const baseId = useId();
  const tabList = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusRequest?.target === 'panel')
      tabList.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }, [focusRequest]);

  const Body = tab?.component;
  const Actions = tab?.actions;

  const onKeyDown = (event: KeyboardEvent) => {
    const rtl = document.documentElement.dir === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const index = panelTabs.findIndex((candidate) => candidate.id === tab?.id);
    const next = panelTabs[(index + step + panelTabs.length) % panelTabs.length];
    if (!next) return;
    showPanel(next.id);
    tabList.current?.querySelector<HTMLElement>(`[data-tab="${next.id}"]`)?.focus();
  };

  return (
    <section className="panel" style={{ height }} aria-label={t('panel.label')}>
      <div className="panel-header">
        <div role="tablist" aria-label={t('panel.label')} className="panel-tabs" ref={tabList} onKeyDown={onKeyDown}>
          {panelTabs.map((candidate) => (
            <button
              key={candidate.id}
              type="button"
              role="tab"
              id={`${baseId}-${candidate.id}`}
              data-tab={candidate.id}
              aria-selected={candidate === tab}
              aria-controls={`${baseId}-panel`}
              tabIndex={candidate === tab ? 0 : -1}
              className={`panel-tab${candidate === tab ? ' is-active' : ''}`}
              title={candidate.command ? shortcutFor(candidate.command) : undefined}
              onClick={() => showPanel(candidate.id)}
            >
              {t(candidate.titleKey)}
            </button>
          ))}
        </div>
        <div className="view-actions">
          {Actions ? <Actions /> : null}
          <IconButton
            icon={ChevronDown}
            label={t('panel.hide')}
            shortcut={shortcutFor('view.togglePanel')}
            onClick={hidePanel}
          />
        </div>
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${tab?.id}`} className="panel-body">
        {Body ? <Body /> : null}
      </div>
    </section>
  );
}
