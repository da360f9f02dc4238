import { useEditors } from '../editor/editors-store';
import { usePalette } from '../palette/palette-store';
import { useSettings } from '../settings/settings-store';
import { useLayout } from '../workbench/layout-store';
import { closeFolder } from '../workspace/folder-actions';
import { useWorkspace } from '../workspace/workspace-store';
import type { Command } from './command-registry';

const hasWorkspace = () => useWorkspace.getState().workspace !== null;
const hasActiveEditor = () => useEditors.getState().active !== null;

function cycleTab(step: 1 | -1): void {
  const { tabs, active, activate } = useEditors.getState();
  if (tabs.length === 0) return;
  const index = tabs.findIndex((tab) => tab.path === active);
  const next = tabs[(index + step + tabs.length) % tabs.length];
  if (next) activate(next.path);
}

/**
 * The shell's own commands (files, editors, layout, preferences); each feature brings its own in its
 * module. Their titles live in the catalogues under `commands.<id>`.
 */
export const workbenchCommands: Command[] = [
  {
    id: 'workbench.showCommands',
    keybindings: ['Mod+Shift+P', 'F1'],
    run: () => usePalette.getState().show('>'),
  },
  {
    id: 'workbench.quickOpen',
    keybindings: ['Mod+P'],
    enabled: hasWorkspace,
    run: () => usePalette.getState().show(''),
  },
  {
    id: 'workspace.openFolder',
    keybindings: ['Mod+O'],
    run: () => useWorkspace.getState().setPicking(true),
  },
  { id: 'workspace.closeFolder', enabled: hasWorkspace, run: closeFolder },
  {
    id: 'file.save',
    keybindings: ['Mod+S'],
    enabled: hasActiveEditor,
    run: async () => {
      const { active, save } = useEditors.getState();
      if (active) await save(active);
    },
  },
  {
    id: 'file.saveAll',
    keybindings: ['Mod+Alt+S'],
    enabled: hasActiveEditor,
    run: async () => {
      await useEditors.getState().saveAll();
    },
  },
  {
    id: 'editor.close',
    keybindings: ['Mod+W', 'Ctrl+F4'],
    enabled: hasActiveEditor,
    run: async () => {
      const { active, requestClose } = useEditors.getState();
      if (active) await requestClose(active);
    },
  },
  {
    id: 'editor.closeAll',
    enabled: hasActiveEditor,
    run: async () => {
      await useEditors.getState().requestCloseAll();
    },
  },
  { id: 'editor.next', keybindings: ['Ctrl+PageDown'], enabled: hasActiveEditor, run: () => cycleTab(1) },
  { id: 'editor.previous', keybindings: ['Ctrl+PageUp'], enabled: hasActiveEditor, run: () => cycleTab(-1) },
  { id: 'view.toggleSideBar', keybindings: ['Mod+B'], run: () => useLayout.getState().toggleSideBar() },
  { id: 'view.togglePanel', keybindings: ['Mod+J'], run: () => useLayout.getState().togglePanel() },
  { id: 'view.togglePreview', keybindings: ['Mod+Alt+B'], run: () => useLayout.getState().togglePreview() },
  {
    id: 'preferences.switchLanguage',
    run: () => useSettings.getState().update({ locale: useSettings.getState().settings.locale === 'ar' ? 'en' : 'ar' }),
  },
  {
    id: 'preferences.toggleTheme',
    run: () =>
      useSettings.getState().update({ theme: useSettings.getState().settings.theme === 'dark' ? 'light' : 'dark' }),
  },
  { id: 'workbench.reloadWindow', run: () => window.location.reload() },
];
