import { PlugZap } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../connection/connection-store';

/** Says so when core cannot be reached (the web host stopped, the network dropped). */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnection((s) => s.status);
  if (status !== 'disconnected' && status !== 'unauthorized') return null;
  return (
    <div className="connection-banner" role="alert">
      <PlugZap size={14} aria-hidden="true" />
      <span>{t(status === 'unauthorized' ? 'errors.UNAUTHORIZED' : 'connection.lost')}</span>
    </div>
  );
}
