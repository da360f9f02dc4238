import type { Command } from '../commands/command-registry';
import { useLayout } from '../workbench/layout-store';
import { defineUiFeature } from '../workbench/ui-feature';
import { OutputActions, OutputView } from './OutputView';

const commands: Command[] = [
  { id: 'view.showOutput', keybindings: ['Mod+Shift+U'], run: () => useLayout.getState().showPanel('output') },
];

/** Output: WebNova's own log, and one channel per task that ran. */
export const outputFeature = defineUiFeature({
  id: 'output',
  panelTabs: [
    {
      id: 'output',
      component: OutputView,
      titleKey: 'panel.output.title',
      order: 20,
      command: 'view.showOutput',
      actions: OutputActions,
    },
  ],
  commands,
});
