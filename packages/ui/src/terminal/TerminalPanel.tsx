import { SquareTerminal } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';

/** The Terminal tab of the bottom panel. */
export function TerminalPanel() {
  const { t } = useTranslation();
  return <EmptyState icon={SquareTerminal} text={t('panel.terminal.empty')} />;
}
