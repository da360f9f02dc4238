import { type KeyboardEvent, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ViewHeader } from '../components/ViewHeader';
import { ConstitutionEditor } from './ConstitutionEditor';
import { ControlsPanel } from './ControlsPanel';
import { DecisionList } from './DecisionList';
import { DecisionPane } from './DecisionPane';
import { type InboxTab, useInbox } from './inbox-store';
import { RefusalList } from './RefusalList';
import { askForNotifications } from './wire';
import './inbox.css';

const tabs: InboxTab[] = ['decisions', 'refused', 'constitution', 'controls'];

/** The Inbox side view: decisions waiting for the owner, what was refused and why, the constitution, and the AI controls. */
export function InboxView() {
  const { t } = useTranslation();
  const tab = useInbox((s) => s.tab);
  const setTab = useInbox((s) => s.setTab);
  const selectedId = useInbox((s) => s.selectedId);
  const pendingCount = useInbox((s) => s.pendingCount);

  useEffect(() => {
    askForNotifications();
    void useInbox.getState().refresh();
  }, []);

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const rtl = document.documentElement.dir === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length] as InboxTab;
    setTab(next);
    document.getElementById(`inbox-tab-${next}`)?.focus();
  };

  return (
    <div className="view inbox-view">
      <ViewHeader title={t('views.inbox.title')} />
      <div className="inbox-tabs" role="tablist" aria-label={t('inbox.tabs.label')}>
        {tabs.map((name, index) => (
          <button
            key={name}
            id={`inbox-tab-${name}`}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={`inbox-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            className={`inbox-tab${tab === name ? ' is-active' : ''}`}
            onClick={() => setTab(name)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {t(`inbox.tabs.${name}`)}
            {name === 'decisions' && pendingCount > 0 ? <span className="badge">{pendingCount}</span> : null}
          </button>
        ))}
      </div>
      <div id={`inbox-panel-${tab}`} role="tabpanel" aria-labelledby={`inbox-tab-${tab}`} className="inbox-panel">
        {tab === 'decisions' ? selectedId ? <DecisionPane /> : <DecisionList /> : null}
        {tab === 'refused' ? <RefusalList /> : null}
        {tab === 'constitution' ? <ConstitutionEditor /> : null}
        {tab === 'controls' ? <ControlsPanel /> : null}
      </div>
    </div>
  );
}
