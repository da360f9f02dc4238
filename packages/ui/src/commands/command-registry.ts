import { create } from 'zustand';
import { reportError } from '../notifications/report';

export interface Command {
  /** Stable id, e.g. `file.save`; its title is the translation at `commands.<id>`. */
  id: string;
  /** Keybindings like "Mod+S" (Mod is Cmd on macOS, Ctrl elsewhere). The first is shown. */
  keybindings?: readonly string[];
  /** Hidden from the palette and ignored by keys while this says no. */
  enabled?: () => boolean;
  run(): void | Promise<void>;
}

interface CommandsState {
  commands: Record<string, Command>;
  register(commands: readonly Command[]): () => void;
  run(id: string): Promise<void>;
}

export function commandTitleKey(id: string): string {
  return `commands.${id}`;
}

/** Every action the user can invoke by palette, key, menu or button goes through here. */
export const useCommands = create<CommandsState>((set, get) => ({
  commands: {},
  register(commands) {
    set((s) => ({ commands: { ...s.commands, ...Object.fromEntries(commands.map((c) => [c.id, c])) } }));
    return () =>
      set((s) => ({
        commands: Object.fromEntries(Object.entries(s.commands).filter(([id]) => !commands.some((c) => c.id === id))),
      }));
  },
  async run(id) {
    const command = get().commands[id];
    if (!command || (command.enabled && !command.enabled())) return;
    try {
      await command.run();
    } catch (error) {
      reportError('actions.runCommand', error, { id });
    }
  },
}));

export function runCommand(id: string): Promise<void> {
  return useCommands.getState().run(id);
}
