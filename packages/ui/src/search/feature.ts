import { Search } from 'lucide-react';
import type { Command } from '../commands/command-registry';
import { useLayout } from '../workbench/layout-store';
import { defineUiFeature } from '../workbench/ui-feature';
import { SearchView } from './SearchView';
import { searchClient } from './search-store';

const commands: Command[] = [
  {
    id: 'view.focusSearch',
    keybindings: ['Mod+Shift+F'],
    run: () => {
      useLayout.getState().showView('search');
      useLayout.getState().requestFocus('search');
    },
  },
];

/** Find in files. */
export const searchFeature = defineUiFeature({
  id: 'search',
  views: [
    {
      id: 'search',
      component: SearchView,
      titleKey: 'views.search.title',
      icon: Search,
      order: 20,
      command: 'view.focusSearch',
    },
  ],
  commands,
  clients: [searchClient],
});
