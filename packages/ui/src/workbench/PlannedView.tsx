import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { ViewHeader } from '../components/ViewHeader';
import type { SideView } from './layout-store';
import { viewIcons } from './views';

/** A view whose feature is still to come: it says what will appear, and shows nothing made up. */
export function PlannedView({ view }: { view: Exclude<SideView, 'explorer' | 'search'> }) {
  const { t } = useTranslation();
  return (
    <div className="view">
      <ViewHeader title={t(`views.${view}.title`)} />
      <EmptyState icon={viewIcons[view]} text={t(`views.${view}.empty`)} />
    </div>
  );
}
