import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { AiView } from '../ai/AiView';
import { BlueprintView } from '../blueprint/BlueprintView';
import { ExplorerView } from '../explorer/ExplorerView';
import { GitView } from '../git/GitView';
import { InboxView } from '../inbox/InboxView';
import { RunView } from '../run/RunView';
import { SearchView } from '../search/SearchView';
import { type SideView, useLayout } from './layout-store';

const sideViewComponents: Record<SideView, ComponentType> = {
  explorer: ExplorerView,
  search: SearchView,
  run: RunView,
  git: GitView,
  blueprint: BlueprintView,
  inbox: InboxView,
  ai: AiView,
};

/** The resizable column beside the activity bar that shows the chosen view. */
export function SideBar({ width }: { width: number }) {
  const { t } = useTranslation();
  const view = useLayout((s) => s.sideView);
  const View = sideViewComponents[view];
  return (
    <aside className="side-bar" style={{ width }} aria-label={t(`views.${view}.title`)}>
      <View />
    </aside>
  );
}
