import { useCommands } from './command-registry';
import { isMacPlatform, type KeyChord, matchesChord, parseKeybinding } from './keybindings';

const chords = new Map<string, KeyChord>();

function chordOf(binding: string, isMac: boolean): KeyChord {
  let chord = chords.get(binding);
  if (!chord) {
    chord = parseKeybinding(binding, isMac);
    chords.set(binding, chord);
  }
  return chord;
}

/** Commands a modal dialog must not block: the palette answers its own keys again while open. */
const ALLOWED_IN_PALETTE = new Set(['workbench.showCommands', 'workbench.quickOpen']);

/**
 * The one place keys become commands. It listens in the capture phase so it sees Ctrl+P and
 * friends before Monaco or the browser do.
 */
export function installKeybindings(target: Window = window): () => void {
  const isMac = isMacPlatform();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const element = event.target instanceof Element ? event.target : null;
    const modal = element?.closest('[aria-modal="true"]');
    for (const command of Object.values(useCommands.getState().commands)) {
      const hit = command.keybindings?.some((binding) => matchesChord(event, chordOf(binding, isMac)));
      if (!hit) continue;
      if (modal && !(modal.hasAttribute('data-palette') && ALLOWED_IN_PALETTE.has(command.id))) return;
      if (command.enabled && !command.enabled()) return;
      event.preventDefault();
      event.stopPropagation();
      void useCommands.getState().run(command.id);
      return;
    }
  };
  target.addEventListener('keydown', onKeyDown, true);
  return () => target.removeEventListener('keydown', onKeyDown, true);
}
