import type { Command } from '../commands/command-registry';
import { useLayout } from '../workbench/layout-store';
import { defineUiFeature } from '../workbench/ui-feature';
import ar from './strings.ar.json';
import en from './strings.en.json';
import { TerminalPanel } from './TerminalPanel';
import { fixTerminalError } from './terminal-actions';
import { terminalClient, useTerminals } from './terminal-store';
import { wireTerminal } from './wire';

const commands: Command[] = [
  { id: 'view.showTerminal', keybindings: ['Ctrl+`'], run: () => useLayout.getState().showPanel('terminal') },
  { id: 'ai.fixTerminal', enabled: () => useTerminals.getState().activeId !== null, run: fixTerminalError },
];

/** Core's terminals in the bottom panel, re-attached after a reload. */
export const terminalFeature = defineUiFeature({
  id: 'terminal',
  panelTabs: [
    {
      id: 'terminal',
      component: TerminalPanel,
      titleKey: 'panel.terminal.title',
      order: 10,
      command: 'view.showTerminal',
    },
  ],
  commands,
  strings: { en, ar },
  clients: [terminalClient],
  wire: wireTerminal,
});
