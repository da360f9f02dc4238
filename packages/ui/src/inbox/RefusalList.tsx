import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { tReason } from '../i18n/i18n';
import { useInbox } from './inbox-store';

/** Proposals the constitution or the owner's controls refused, newest first, each with its reasons in words. */
export function RefusalList() {
  const { t, i18n } = useTranslation();
  const refusals = useInbox((s) => s.refusals);

  useEffect(() => {
    void useInbox.getState().loadRefusals();
  }, []);

  if (refusals.length === 0) return <p className="inbox-hint">{t('inbox.refused.empty')}</p>;
  return (
    <section className="inbox-list-pane" aria-label={t('inbox.refused.label')}>
      <p className="inbox-hint">{t('inbox.refused.intro')}</p>
      <ul className="inbox-refusals">
        {refusals.map((refusal) => (
          <li key={`${refusal.at}:${refusal.subject}`} className="inbox-refusal">
            <span className="inbox-item-title">
              {t(`inbox.kind.${refusal.kind.replace('.', '_')}`, { defaultValue: refusal.kind })}
            </span>
            {refusal.subject ? (
              <code className="inbox-item-subject" dir="ltr">
                {refusal.subject}
              </code>
            ) : null}
            <span className="inbox-item-meta">
              {t('inbox.refused.by', {
                actor: `${refusal.actor.kind}:${refusal.actor.id}`,
                at: new Date(refusal.at).toLocaleString(i18n.language),
              })}
            </span>
            <ul className="inbox-refusal-reasons">
              {refusal.reasons.map((reason) => (
                <li key={`${reason.code}:${reason.ruleId ?? ''}:${JSON.stringify(reason.params ?? reason.message)}`}>
                  {tReason(reason)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
