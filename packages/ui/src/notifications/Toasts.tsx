import { CircleAlert, Info, TriangleAlert, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '../components/IconButton';
import { type Notification, useNotifications, wordsOf } from './notifications-store';

const icons = { info: Info, warning: TriangleAlert, error: CircleAlert };

function Toast({ item }: { item: Notification }) {
  // The translation hook draws the toast again when the language changes.
  const { t } = useTranslation();
  const dismiss = useNotifications((s) => s.dismiss);
  const Icon = icons[item.kind];
  return (
    <div className={`toast toast-${item.kind}`}>
      <Icon size={16} aria-hidden="true" className="toast-icon" />
      <div className="toast-content">
        <p className="toast-message">{wordsOf(item.message)}</p>
        {item.detail ? <p className="toast-detail">{wordsOf(item.detail)}</p> : null}
      </div>
      <IconButton icon={X} label={t('common.dismiss')} onClick={() => dismiss(item.id)} iconSize={14} />
    </div>
  );
}

/** Notifications in the bottom corner: errors are announced at once (alert), the rest politely (status). */
export function Toasts() {
  const { t } = useTranslation();
  const items = useNotifications((s) => s.items);
  const errors = items.filter((item) => item.kind === 'error');
  const others = items.filter((item) => item.kind !== 'error');
  return (
    <section className="toasts" aria-label={t('notifications.label')}>
      <div role="status" aria-live="polite" className="toast-stack">
        {others.map((item) => (
          <Toast key={item.id} item={item} />
        ))}
      </div>
      <div role="alert" className="toast-stack">
        {errors.map((item) => (
          <Toast key={item.id} item={item} />
        ))}
      </div>
    </section>
  );
}
