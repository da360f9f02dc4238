import { askAi, fixTerminalOutput, MAX_OUTPUT_LINES } from '../ai/questions';
import { reportError } from '../notifications/report';
import { terminalClient, useTerminals } from './terminal-store';
import { terminalViews } from './terminal-views';

/** Opens a terminal the size of the one on screen (the panel fits it right after) and shows it. */
export async function newTerminal(): Promise<void> {
  const { activeId } = useTerminals.getState();
  const active = activeId ? await terminalViews()?.view(activeId) : undefined;
  try {
    const created = await terminalClient().call('terminal.create', {
      cols: active?.cols ?? 80,
      rows: active?.rows ?? 24,
    });
    useTerminals.getState().select(created.id);
    void terminalViews()
      ?.view(created.id)
      ?.then((view) => view.focus());
  } catch (error) {
    reportError('terminal.errors.create', error);
  }
}

export async function killTerminal(id: string): Promise<void> {
  try {
    await terminalClient().call('terminal.kill', { id });
  } catch (error) {
    reportError('terminal.errors.kill', error);
  }
}

export async function renameTerminal(id: string, name: string): Promise<void> {
  useTerminals.getState().startRename(null);
  const trimmed = name.trim();
  const before = useTerminals.getState().terminals.find((terminal) => terminal.id === id);
  if (!trimmed || trimmed === before?.name) return;
  try {
    await terminalClient().call('terminal.rename', { id, name: trimmed.slice(0, 60) });
  } catch (error) {
    reportError('terminal.errors.rename', error);
  }
}

/** "Fix this error" from the active terminal: its selection, or the end of what it shows. */
export async function fixTerminalError(): Promise<void> {
  const { activeId, terminals } = useTerminals.getState();
  const view = activeId ? await terminalViews()?.view(activeId) : undefined;
  if (!view) return;
  const name = terminals.find((terminal) => terminal.id === activeId)?.name ?? '';
  const text = view.selectionOrRecentText(MAX_OUTPUT_LINES);
  if (text.trim()) askAi(fixTerminalOutput(name, text));
}
