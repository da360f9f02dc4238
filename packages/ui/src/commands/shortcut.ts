import { useCommands } from './command-registry';
import { formatKeybinding, isMacPlatform } from './keybindings';

const isMac = isMacPlatform();

/** The first keybinding of a command, written for this platform, or undefined when it has none. */
export function shortcutFor(id: string): string | undefined {
  const binding = useCommands.getState().commands[id]?.keybindings?.[0];
  return binding ? formatKeybinding(binding, isMac) : undefined;
}

export function formatShortcut(binding: string): string {
  return formatKeybinding(binding, isMac);
}
