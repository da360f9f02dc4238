import { useTranslation } from 'react-i18next';
import { sideViews } from '../features';
import { useLayout } from './layout-store';

/** The resizable column beside the activity bar that shows the chosen view. */
export function SideBar({ width }: { width: number }) {
  const { t } = useTranslation();
  const id = useLayout((s) => s.sideView);
  // A view remembered from a build that had it falls back to the first one.
  const view = sideViews.find((candidate) => candidate.id === id) ?? sideViews[0];
  if (!view) return null;
  const View = view.component;
  return (
    <aside className="side-bar" style={{ width }} aria-label={t(view.titleKey)}>
      <View />
    </aside>
  );
}
