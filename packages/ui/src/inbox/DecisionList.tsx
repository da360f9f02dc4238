import { type Decision, KnownDecisionKind, RiskLevel } from '@webnova/core/contracts';
import { type KeyboardEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { DecisionOrigin } from './DecisionOrigin';
import { useInbox } from './inbox-store';

function ago(iso: string, locale: string): string {
  const minutes = Math.round((Date.parse(iso) - Date.now()) / 60_000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  if (Math.abs(minutes) < 60 * 24) return format.format(Math.round(minutes / 60), 'hour');
  return format.format(Math.round(minutes / 1440), 'day');
}

/** One line that says what the decision would do: the path, the command, the package… */
export function decisionSubject(decision: Decision): string {
  const { payload } = decision;
  const pick = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
  // An argv as a person would type it: arguments with spaces or quotes quoted.
  const argv = Array.isArray(payload.argv)
    ? payload.argv
        .map((arg) => (typeof arg === 'string' && /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg)))
        .join(' ')
    : undefined;
  return (
    pick('path') ?? pick('command') ?? argv ?? pick('name') ?? pick('environment') ?? pick('target') ?? decision.kind
  );
}

/** What an item says of its decision: kind, subject, where it comes from, and when (`at`). */
function ItemMain({ decision, at }: { decision: Decision; at: string }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="inbox-item-main">
      <span className="inbox-item-title">
        {t(`inbox.kind.${decision.kind.replace('.', '_')}`, { defaultValue: decision.kind })}
        {decision.status === 'escalated' ? (
          <span className="inbox-escalated"> · {t('inbox.status.escalated')}</span>
        ) : null}
      </span>
      <span className="inbox-item-subject" dir="ltr">
        {decisionSubject(decision)}
      </span>
      <DecisionOrigin decision={decision} className="inbox-item-meta inbox-origin" />
      <span className="inbox-item-meta">{ago(at, i18n.language)}</span>
    </span>
  );
}

/** The filters and the list of waiting decisions: arrow keys move, Enter opens. */
export function DecisionList() {
  const { t } = useTranslation();
  const decisions = useInbox((s) => s.decisions);
  const riskFilter = useInbox((s) => s.riskFilter);
  const kindFilter = useInbox((s) => s.kindFilter);
  const setFilters = useInbox((s) => s.setFilters);
  const select = useInbox((s) => s.select);
  const list = useRef<HTMLDivElement>(null);

  const focusItem = (index: number) => {
    const items = list.current?.querySelectorAll<HTMLElement>('[role="option"]');
    if (!items?.length) return;
    items[Math.max(0, Math.min(items.length - 1, index))]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>, index: number, id: string) => {
    if (event.key === 'ArrowDown') focusItem(index + 1);
    else if (event.key === 'ArrowUp') focusItem(index - 1);
    else if (event.key === 'Home') focusItem(0);
    else if (event.key === 'End') focusItem(decisions.length - 1);
    else if (event.key === 'Enter' || event.key === ' ') void select(id);
    else return;
    event.preventDefault();
  };

  return (
    <div className="inbox-list-pane">
      <div className="inbox-filters">
        <label>
          <span>{t('inbox.filters.risk')}</span>
          <select
            className="inbox-select"
            value={riskFilter ?? ''}
            onChange={(event) => void setFilters({ risk: (event.target.value || null) as RiskLevel | null })}
          >
            <option value="">{t('inbox.filters.any')}</option>
            {RiskLevel.options.map((risk) => (
              <option key={risk} value={risk}>
                {t(`inbox.risk.${risk}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('inbox.filters.kind')}</span>
          <select
            className="inbox-select"
            value={kindFilter ?? ''}
            onChange={(event) => void setFilters({ kind: event.target.value || null })}
          >
            <option value="">{t('inbox.filters.any')}</option>
            {KnownDecisionKind.options.map((kind) => (
              <option key={kind} value={kind}>
                {t(`inbox.kind.${kind.replace('.', '_')}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {decisions.length === 0 ? (
        <p className="inbox-hint">{t(riskFilter || kindFilter ? 'inbox.list.noneFiltered' : 'inbox.list.none')}</p>
      ) : (
        <div ref={list} className="inbox-list" role="listbox" aria-label={t('inbox.list.label')}>
          {decisions.map((decision, index) => (
            <div
              key={decision.id}
              role="option"
              aria-selected={false}
              tabIndex={index === 0 ? 0 : -1}
              className="inbox-item"
              onClick={() => void select(decision.id)}
              onKeyDown={(event) => onKeyDown(event, index, decision.id)}
            >
              <span className={`risk-chip is-${decision.risk}`}>{t(`inbox.risk.${decision.risk}`)}</span>
              <ItemMain decision={decision} at={decision.proposedAt} />
            </div>
          ))}
        </div>
      )}
      <RecentDecisions />
    </div>
  );
}

/** The last few decisions reviewed, here or on another device, with how they ended: read only. */
function RecentDecisions() {
  const { t } = useTranslation();
  const recent = useInbox((s) => s.recent);
  const select = useInbox((s) => s.select);
  if (recent.length === 0) return null;
  return (
    <section className="inbox-recent" aria-label={t('inbox.recent.label')}>
      <h4 className="inbox-section-title">{t('inbox.recent.label')}</h4>
      <ul className="inbox-recent-list">
        {recent.map((decision) => (
          <li key={decision.id} data-status={decision.status}>
            {/* Opens what it did: its result, where it ran, why it failed. */}
            <button type="button" className="inbox-item is-decided" onClick={() => void select(decision.id)}>
              <span className={`risk-chip inbox-status-chip is-${decision.status}`}>
                {t(`inbox.status.${decision.status}`)}
              </span>
              <ItemMain decision={decision} at={decision.updatedAt} />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
