import { Ban, ChevronDown } from 'lucide-react';
import { type KeyboardEvent, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutFor } from '../commands/shortcut';
import { IconButton } from '../components/IconButton';
import { ProblemsView } from '../problems/ProblemsView';
import { TerminalPanel } from '../terminal/TerminalPanel';
import { type PanelTab, panelTabs, useLayout } from '../workbench/layout-store';
import { clearShownChannel, OutputChannelPicker, OutputView, useShownChannel } from './OutputView';

const tabCommands: Record<PanelTab, string> = {
  terminal: 'view.showTerminal',
  output: 'view.showOutput',
  problems: 'view.showProblems',
};

/** The bottom panel: Terminal, Output and Problems under the editors. */
export function Panel({ height }: { height: number }) {
  const { t } = useTranslation();
  const tab = useLayout((s) => s.panelTab);
  const showPanel = useLayout((s) => s.showPanel);
  const hidePanel = useLayout((s) => s.hidePanel);
  const outputChannel = useShownChannel();
  const focusRequest = useLayout((s) => s.focusRequest);
  const baseId = useId();
  const tabList = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusRequest?.target === 'panel')
      tabList.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }, [focusRequest]);

  const onKeyDown = (event: KeyboardEvent) => {
    const rtl = document.documentElement.dir === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = panelTabs[(panelTabs.indexOf(tab) + step + panelTabs.length) % panelTabs.length] ?? tab;
    showPanel(next);
    tabList.current?.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
  };

  return (
    <section className="panel" style={{ height }} aria-label={t('panel.label')}>
      <div className="panel-header">
        <div role="tablist" aria-label={t('panel.label')} className="panel-tabs" ref={tabList} onKeyDown={onKeyDown}>
          {panelTabs.map((candidate) => (
            <button
              key={candidate}
              type="button"
              role="tab"
              id={`${baseId}-${candidate}`}
              data-tab={candidate}
              aria-selected={candidate === tab}
              aria-controls={`${baseId}-panel`}
              tabIndex={candidate === tab ? 0 : -1}
              className={`panel-tab${candidate === tab ? ' is-active' : ''}`}
              title={shortcutFor(tabCommands[candidate])}
              onClick={() => showPanel(candidate)}
            >
              {t(`panel.${candidate}.title`)}
            </button>
          ))}
        </div>
        <div className="view-actions">
          {tab === 'output' ? (
            <>
              <OutputChannelPicker />
              <IconButton icon={Ban} label={t('panel.output.clear')} onClick={() => clearShownChannel(outputChannel)} />
            </>
          ) : null}
          <IconButton
            icon={ChevronDown}
            label={t('panel.hide')}
            shortcut={shortcutFor('view.togglePanel')}
            onClick={hidePanel}
          />
        </div>
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${tab}`} className="panel-body">
        {tab === 'output' ? <OutputView /> : null}
        {tab === 'terminal' ? <TerminalPanel /> : null}
        {tab === 'problems' ? <ProblemsView /> : null}
      </div>
    </section>
  );
}
