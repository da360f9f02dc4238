import { useTranslation } from 'react-i18next';
import { useInbox } from './inbox-store';
import './inbox.css';

/** The number of decisions waiting for the owner, on the Inbox's activity-bar icon. */
export function InboxBadge() {
  const { t } = useTranslation();
  const count = useInbox((s) => s.pendingCount);
  if (count === 0) return null;
  return (
    <span className="inbox-badge" role="status" aria-label={t('inbox.badge', { count })} data-testid="inbox-badge">
      {count > 99 ? '99+' : count}
    </span>
  );
}
