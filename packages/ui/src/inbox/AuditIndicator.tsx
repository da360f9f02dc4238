import { ShieldAlert, ShieldCheck, ShieldQuestion } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { tMessage } from '../i18n/i18n';
import { useLayout } from '../workbench/layout-store';
import { useInbox } from './inbox-store';

/** The audit chain's state in the status bar: green when it verifies, red naming the first broken entry. */
export function AuditIndicator() {
  const { t } = useTranslation();
  const audit = useInbox((s) => s.audit);
  const verify = useInbox((s) => s.verifyAudit);
  const verification = audit?.verification;
  const state = !verification ? 'unknown' : verification.ok ? 'ok' : 'broken';
  const Icon = state === 'ok' ? ShieldCheck : state === 'broken' ? ShieldAlert : ShieldQuestion;
  const text = !verification
    ? t('inbox.audit.unknown')
    : verification.ok
      ? t('inbox.audit.ok', { count: verification.count })
      : t('inbox.audit.broken', { entry: verification.brokenAt });
  const why =
    verification && !verification.ok
      ? verification.reasonMessage
        ? tMessage(verification.reasonMessage)
        : verification.reason
      : null;
  const title = why ? `${text}: ${why}` : text;
  return (
    <button
      type="button"
      className={`status-item status-button audit-indicator is-${state}`}
      title={title}
      aria-label={title}
      data-testid="audit-indicator"
      data-state={state}
      onClick={() => {
        void verify();
        useLayout.getState().showView('inbox');
      }}
    >
      <Icon size={13} aria-hidden="true" />
      <span>
        {state === 'broken'
          ? t('inbox.audit.brokenShort', { entry: verification && !verification.ok ? verification.brokenAt : 0 })
          : t('inbox.audit.short')}
      </span>
    </button>
  );
}
