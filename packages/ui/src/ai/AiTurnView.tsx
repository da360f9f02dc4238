import { useTranslation } from 'react-i18next';
import { tMessage, tReason } from '../i18n/i18n';
import { DiffView } from '../inbox/DiffView';
import { useInbox } from '../inbox/inbox-store';
import { useSettings } from '../settings/settings-store';
import { useLayout } from '../workbench/layout-store';
import { type AiTurn, useAi } from './ai-store';

function ApplyOutcome({ turn }: { turn: AiTurn }) {
  // useTranslation re-renders on a language change, which the reasons' words follow.
  const { t } = useTranslation();
  const result = turn.apply;
  if (!result) return null;
  const review = () => {
    useLayout.getState().showView('inbox');
    if (result.decisionId) void useInbox.getState().select(result.decisionId);
  };
  return (
    <div className={`ai-outcome is-${result.status}`} role="status">
      <p>
        {result.status === 'applied'
          ? t('ai.apply.applied', { commit: result.checkpoint?.oid.slice(0, 7) ?? '' })
          : t(`ai.apply.${result.status}`)}
      </p>
      {result.status === 'pending' ? (
        <button type="button" className="button button-secondary button-small" onClick={review}>
          {t('ai.apply.review')}
        </button>
      ) : null}
      {result.status === 'forbidden' || result.status === 'failed' ? (
        <ul className="ai-reasons">
          {result.reasons.map((reason) => (
            <li key={`${reason.code}:${reason.ruleId ?? ''}:${JSON.stringify(reason.params ?? reason.message)}`}>
              {tReason(reason)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One exchange of the conversation: the request, the streamed answer, the proposal and Apply. */
export function AiTurnView({ turn }: { turn: AiTurn }) {
  const { t } = useTranslation();
  const locale = useSettings((s) => s.settings.locale);
  const { proposal } = turn;
  const canApply = turn.state === 'done' && !turn.apply && (proposal !== null || turn.edits.length > 0);
  const usage = turn.usage;
  return (
    <article className="ai-turn" aria-label={t('ai.turn.label', { prompt: turn.prompt.slice(0, 60) })}>
      <p className="ai-prompt" dir="auto">
        {turn.prompt}
      </p>
      <div className="ai-answer">
        {turn.state === 'running' ? (
          <p className="ai-progress" role="status">
            {turn.toolChars > 0 ? t('ai.turn.receiving', { count: turn.toolChars }) : t('ai.turn.thinking')}
          </p>
        ) : null}
        {turn.repairs > 0 ? <p className="ai-note">{t('ai.turn.repaired', { count: turn.repairs })}</p> : null}
        {(turn.text || turn.message) && !proposal ? (
          <p className="ai-text" dir="auto">
            {turn.message ? tMessage(turn.message) : turn.text}
          </p>
        ) : null}
        {turn.state === 'cancelled' ? <p className="ai-note">{t('ai.turn.cancelled')}</p> : null}
        {turn.error ? (
          <p className="field-error" role="alert">
            {turn.error.message}
            <span className="field-error-detail">{turn.error.detail}</span>
          </p>
        ) : null}
        {proposal ? (
          <section className="ai-proposal" aria-label={t('ai.proposal.label')}>
            <h3 className="ai-proposal-title">
              {t(proposal.kind === 'platform' ? 'ai.proposal.platform' : 'ai.proposal.patch')}
            </h3>
            <p className="ai-summary" dir="auto" data-testid="ai-summary">
              {proposal.summaryMessage ? tMessage(proposal.summaryMessage) : proposal.summary[locale]}
            </p>
            <DiffView path="webnova.blueprint.json" before={proposal.before} after={proposal.after} />
          </section>
        ) : null}
        {turn.edits.map((edit, index) => (
          <section
            key={`${edit.path}-${index}`}
            className="ai-proposal"
            aria-label={t('ai.proposal.edit', { path: edit.path })}
          >
            <h3 className="ai-proposal-title" dir="ltr">
              {edit.path}
            </h3>
            <DiffView path={edit.path} before={edit.search} after={edit.replace} />
          </section>
        ))}
        {usage && turn.state === 'done' ? (
          <p className="ai-meta">
            {t('ai.turn.usage', {
              provider: turn.provider === 'claude' ? 'Claude' : t('ai.provider.offlineShort'),
              tokens: usage.inputTokens + usage.outputTokens,
              cost: usage.costUsd.toFixed(4),
            })}
          </p>
        ) : null}
        {canApply ? (
          <div className="ai-row">
            <button
              type="button"
              className="button button-primary button-small"
              disabled={turn.applying}
              onClick={() => void useAi.getState().apply(turn.id)}
            >
              {t('ai.apply.button')}
            </button>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => useAi.getState().discard(turn.id)}
            >
              {t('ai.apply.discard')}
            </button>
          </div>
        ) : null}
        <ApplyOutcome turn={turn} />
      </div>
    </article>
  );
}
