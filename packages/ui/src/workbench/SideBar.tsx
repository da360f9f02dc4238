import { useTranslation } from 'react-i18next';
import { ExplorerView } from '../explorer/ExplorerView';
import { SearchView } from '../search/SearchView';
import { useLayout } from './layout-store';
import { PlannedView } from './PlannedView';

/** The resizable column beside the activity bar that shows the chosen view. */
export function SideBar({ width }: { width: number }) {
  const { t } = useTranslation();
  const view = useLayout((s) => s.sideView);
  return (
    <aside className="side-bar" style={{ width }} aria-label={t(`views.${view}.title`)}>
      {view === 'explorer' ? <ExplorerView /> : view === 'search' ? <SearchView /> : <PlannedView view={view} />}
    </aside>
  );
}
