import type { Command } from '../commands/command-registry';
import { useLayout } from '../workbench/layout-store';
import { defineUiFeature } from '../workbench/ui-feature';
import { ProblemsView } from './ProblemsView';

const commands: Command[] = [
  { id: 'view.showProblems', keybindings: ['Mod+Shift+M'], run: () => useLayout.getState().showPanel('problems') },
];

/** Errors and warnings the preview and the language tools report. */
export const problemsFeature = defineUiFeature({
  id: 'problems',
  panelTabs: [
    {
      id: 'problems',
      component: ProblemsView,
      titleKey: 'panel.problems.title',
      order: 30,
      command: 'view.showProblems',
    },
  ],
  commands,
});
