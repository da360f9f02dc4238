import { ArrowLeft, ArrowRight } from 'lucide-react';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tMessage, tReason } from '../i18n/i18n';
import { decisionSubject } from './DecisionList';
import { DecisionOrigin } from './DecisionOrigin';
import { DiffView } from './DiffView';
import { failureText, rationaleText } from './decision-words';
import { useInbox } from './inbox-store';

/** One decision: what it would change (diff or command), why, how risky; approve or reject with a comment. */
export function DecisionPane() {
  const { t, i18n } = useTranslation();
  const details = useInbox((s) => s.details);
  const busy = useInbox((s) => s.busy);
  const select = useInbox((s) => s.select);
  const review = useInbox((s) => s.review);
  const [comment, setComment] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const locale = i18n.language === 'ar' ? 'ar' : 'en';
  const Back = locale === 'ar' ? ArrowRight : ArrowLeft;

  useEffect(() => {
    if (details) heading.current?.focus();
  }, [details]);

  if (!details) return <p className="inbox-hint">{t('inbox.loading')}</p>;
  const { decision } = details;
  const waiting = decision.status === 'pending' || decision.status === 'escalated';
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      void select(null);
    }
  };
  const approvals = decision.approvals?.length ?? 0;
  const isolation = decision.outcome?.result?.isolation;
  const ranIn = isolation === 'bubblewrap' || isolation === 'oci' || isolation === 'host' ? isolation : null;

  return (
    <section className="inbox-details" aria-label={t('inbox.details.label')} onKeyDown={onKeyDown}>
      <div className="inbox-details-bar">
        <button type="button" className="button button-secondary button-small" onClick={() => void select(null)}>
          <Back size={14} aria-hidden="true" /> {t('inbox.details.back')}
        </button>
      </div>
      <h3 ref={heading} tabIndex={-1} className="inbox-details-title">
        {t(`inbox.kind.${decision.kind.replace('.', '_')}`, { defaultValue: decision.kind })}:{' '}
        <bdi dir="ltr">{decisionSubject(decision)}</bdi>
      </h3>
      <p className={`inbox-risk-line is-${decision.risk}`} data-testid="inbox-risk-line">
        {tMessage(details.riskLine)}
      </p>
      {decision.reasons?.length ? (
        <details className="inbox-reasons">
          <summary>{t('inbox.details.reasons', { count: decision.reasons.length })}</summary>
          <ul>
            {decision.reasons.map((reason) => (
              <li key={`${reason.code}:${reason.ruleId ?? ''}:${JSON.stringify(reason.params ?? reason.message)}`}>
                {tReason(reason)}
                {reason.ruleId ? (
                  <code dir="ltr" className="inbox-rule">
                    {reason.ruleId}
                  </code>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <h4 className="inbox-section-title">{t('inbox.details.rationale')}</h4>
      <p className="inbox-rationale" dir="auto">
        {rationaleText(decision) || t('inbox.details.noRationale')}
      </p>
      <DecisionOrigin decision={decision} className="inbox-hint inbox-origin" as="p" />
      <p className="inbox-hint">
        {t('inbox.details.proposedBy', { actor: `${decision.actor.kind}:${decision.actor.id}` })}
        {decision.quorum && decision.quorum > 1
          ? ` · ${t('inbox.details.quorum', { given: approvals, quorum: decision.quorum })}`
          : ''}
        {decision.expiresAt
          ? ` · ${t('inbox.details.expires', { at: new Date(decision.expiresAt).toLocaleString(i18n.language) })}`
          : ''}
      </p>
      {details.command !== undefined ? (
        <>
          <h4 className="inbox-section-title">{t('inbox.details.command')}</h4>
          <pre className="inbox-command" dir="ltr" data-testid="inbox-command">
            {details.command}
          </pre>
        </>
      ) : null}
      {details.runner ? (
        <p className={`inbox-runner${details.runner.shell ? ' is-shell' : ''}`} data-testid="inbox-runner">
          <span className="inbox-section-title">{t('inbox.details.runsAs')}: </span>
          {tMessage(details.runner.note)}
        </p>
      ) : null}
      {details.sandbox ? (
        <p className="inbox-runner" data-testid="inbox-sandbox">
          <span className="inbox-section-title">{t('inbox.details.runsWhere')}: </span>
          {tMessage(details.sandbox)}
        </p>
      ) : null}
      {ranIn ? (
        <p className="inbox-hint" data-testid="inbox-ran-in">
          {t('inbox.details.ranIn', { isolation: t(`sandbox.isolation.${ranIn}`) })}
        </p>
      ) : null}
      {details.links?.length ? (
        <>
          <h4 className="inbox-section-title">{t('inbox.details.leadsTo')}</h4>
          <ul className="inbox-links">
            {details.links.map((link) => (
              <li key={link.path}>{t('inbox.details.leadsToItem', { path: link.path, resolved: link.resolved })}</li>
            ))}
          </ul>
        </>
      ) : null}
      {decision.status === 'failed' && decision.outcome?.error ? (
        <>
          <h4 className="inbox-section-title">{t('inbox.details.failedBecause')}</h4>
          <p className="inbox-problem" dir={decision.outcome.errorMessage ? 'auto' : 'ltr'}>
            {failureText(decision.outcome)}
          </p>
        </>
      ) : null}
      {details.diff ? (
        <>
          <h4 className="inbox-section-title">{t('inbox.details.changes', { path: details.diff.path })}</h4>
          {details.diff.problem ? <p className="inbox-problem">{tMessage(details.diff.problem)}</p> : null}
          <DiffView path={details.diff.path} before={details.diff.before} after={details.diff.after} />
        </>
      ) : null}
      {waiting ? (
        <form
          className="inbox-review"
          onSubmit={(event) => {
            event.preventDefault();
            void review('approve', comment).then((done) => done && setComment(''));
          }}
        >
          <label className="inbox-comment">
            <span>{t('inbox.details.comment')}</span>
            <textarea
              className="text-input"
              rows={2}
              value={comment}
              maxLength={4000}
              onChange={(event) => setComment(event.target.value)}
            />
          </label>
          <div className="inbox-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('inbox.details.approve')}
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void review('reject', comment).then((done) => done && setComment(''))}
            >
              {t('inbox.details.reject')}
            </button>
          </div>
        </form>
      ) : (
        <p className="inbox-hint">{t(`inbox.status.${decision.status}`)}</p>
      )}
    </section>
  );
}
