import { ListChecks } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';

/** The Problems tab of the bottom panel. */
export function ProblemsView() {
  const { t } = useTranslation();
  return <EmptyState icon={ListChecks} text={t('panel.problems.empty')} />;
}
