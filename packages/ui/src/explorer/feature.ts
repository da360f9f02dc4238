import { Files } from 'lucide-react';
import type { Command } from '../commands/command-registry';
import { useLayout } from '../workbench/layout-store';
import { defineUiFeature } from '../workbench/ui-feature';
import { useWorkspace } from '../workspace/workspace-store';
import { ExplorerView } from './ExplorerView';
import { explorerClient, useExplorer } from './explorer-store';

const hasWorkspace = () => useWorkspace.getState().workspace !== null;

async function startCreate(kind: 'file' | 'directory'): Promise<void> {
  useLayout.getState().showView('explorer');
  await useExplorer.getState().startCreate(kind);
}

const commands: Command[] = [
  { id: 'explorer.newFile', enabled: hasWorkspace, run: () => startCreate('file') },
  { id: 'explorer.newFolder', enabled: hasWorkspace, run: () => startCreate('directory') },
  {
    id: 'explorer.refresh',
    enabled: hasWorkspace,
    run: async () => {
      const explorer = useExplorer.getState();
      await Promise.all(Object.keys(explorer.children).map((path) => explorer.loadFolder(path)));
    },
  },
  { id: 'explorer.collapseAll', enabled: hasWorkspace, run: () => useExplorer.getState().collapseAll() },
  {
    id: 'view.focusExplorer',
    keybindings: ['Mod+Shift+E'],
    run: () => {
      useLayout.getState().showView('explorer');
      useLayout.getState().requestFocus('explorer');
    },
  },
];

/** The open folder's files. Its file-change events are followed by the workbench (tabs share them). */
export const explorerFeature = defineUiFeature({
  id: 'explorer',
  views: [
    {
      id: 'explorer',
      component: ExplorerView,
      titleKey: 'views.explorer.title',
      icon: Files,
      order: 10,
      command: 'view.focusExplorer',
    },
  ],
  commands,
  clients: [explorerClient],
});
