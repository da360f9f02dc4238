import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInbox } from './inbox-store';

const limit = (text: string): number | null => {
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) || value <= 0 ? null : value;
};

/** The owner's AI controls: the kill switch, daily budgets and the AI for this project. */
export function ControlsPanel() {
  const { t } = useTranslation();
  const controls = useInbox((s) => s.controls);
  const load = useInbox((s) => s.loadControls);
  const setKillSwitch = useInbox((s) => s.setKillSwitch);
  const setBudget = useInbox((s) => s.setBudget);
  const setProjectAi = useInbox((s) => s.setProjectAi);
  const [tokens, setTokens] = useState('');
  const [cost, setCost] = useState('');
  const [whenExceeded, setWhenExceeded] = useState<'refuse' | 'require-approval'>('refuse');

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!controls) return;
    setTokens(controls.budget.tokensPerDay?.toString() ?? '');
    setCost(controls.budget.costPerDay?.toString() ?? '');
    setWhenExceeded(controls.budget.whenExceeded);
  }, [controls]);

  if (!controls) return <p className="inbox-hint">{t('inbox.loading')}</p>;
  const engaged = controls.killSwitch.engaged;
  return (
    <div className="inbox-controls">
      <section className={`inbox-kill${engaged ? ' is-engaged' : ''}`} aria-label={t('inbox.controls.killSwitch')}>
        <p className="inbox-section-title">{t('inbox.controls.killSwitch')}</p>
        <p className="inbox-hint" role="status">
          {t(engaged ? 'inbox.controls.stopped' : 'inbox.controls.running')}
        </p>
        <button
          type="button"
          className={`button ${engaged ? 'button-secondary' : 'button-danger'}`}
          aria-pressed={engaged}
          onClick={() => void setKillSwitch(!engaged)}
        >
          {t(engaged ? 'inbox.controls.resume' : 'inbox.controls.stop')}
        </button>
      </section>
      <form
        className="inbox-budget"
        onSubmit={(event) => {
          event.preventDefault();
          const tokensPerDay = limit(tokens);
          void setBudget({
            tokensPerDay: tokensPerDay === null ? null : Math.round(tokensPerDay),
            costPerDay: limit(cost),
            whenExceeded,
          });
        }}
      >
        <p className="inbox-section-title">{t('inbox.controls.budget')}</p>
        <p className="inbox-hint">
          {t('inbox.controls.usage', { tokens: controls.usageToday.tokens, cost: controls.usageToday.cost.toFixed(2) })}
          {controls.overBudget ? ` · ${t('inbox.controls.overBudget')}` : ''}
        </p>
        <label className="inbox-field">
          <span>{t('inbox.controls.tokensPerDay')}</span>
          <input
            className="text-input"
            inputMode="numeric"
            value={tokens}
            onChange={(e) => setTokens(e.target.value)}
          />
        </label>
        <label className="inbox-field">
          <span>{t('inbox.controls.costPerDay')}</span>
          <input className="text-input" inputMode="decimal" value={cost} onChange={(e) => setCost(e.target.value)} />
        </label>
        <label className="inbox-field">
          <span>{t('inbox.controls.whenExceeded')}</span>
          <select
            className="inbox-select"
            value={whenExceeded}
            onChange={(e) => setWhenExceeded(e.target.value as 'refuse' | 'require-approval')}
          >
            <option value="refuse">{t('inbox.controls.refuse')}</option>
            <option value="require-approval">{t('inbox.controls.askMe')}</option>
          </select>
        </label>
        <div className="inbox-actions">
          <button type="submit" className="button button-secondary">
            {t('inbox.controls.saveBudget')}
          </button>
        </div>
      </form>
      {controls.currentProjectEnabled !== null ? (
        <label className="inbox-check">
          <input
            type="checkbox"
            checked={controls.currentProjectEnabled}
            onChange={(e) => void setProjectAi(e.target.checked)}
          />
          <span>{t('inbox.controls.projectAi')}</span>
        </label>
      ) : null}
    </div>
  );
}
