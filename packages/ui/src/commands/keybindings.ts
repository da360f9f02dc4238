/** A key press a command answers to, e.g. "Mod+Shift+P" (Mod is Cmd on macOS, Ctrl elsewhere). */
export interface KeyChord {
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
}

export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

const modifierNames = new Set(['mod', 'ctrl', 'shift', 'alt', 'meta', 'cmd']);

export function parseKeybinding(text: string, isMac: boolean): KeyChord {
  const parts = text.split('+').map((part) => part.trim().toLowerCase());
  const key = parts.pop();
  if (!key || modifierNames.has(key)) throw new Error(`Keybinding "${text}" names no key`);
  const chord: KeyChord = { key, ctrl: false, shift: false, alt: false, meta: false };
  for (const part of parts) {
    if (part === 'mod') chord[isMac ? 'meta' : 'ctrl'] = true;
    else if (part === 'ctrl') chord.ctrl = true;
    else if (part === 'shift') chord.shift = true;
    else if (part === 'alt') chord.alt = true;
    else if (part === 'meta' || part === 'cmd') chord.meta = true;
    else throw new Error(`Keybinding "${text}" has an unknown modifier "${part}"`);
  }
  return chord;
}

const punctuation: Record<string, string> = {
  Backquote: '`',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
};

/**
 * The key a press stands for. Letters, digits and punctuation come from the physical key (`code`), so
 * Ctrl+P still works with an Arabic keyboard layout, where `key` would be "ح".
 */
export function keyOf(press: Pick<KeyPress, 'key' | 'code'>): string {
  const letter = /^Key([A-Z])$/.exec(press.code);
  if (letter?.[1]) return letter[1].toLowerCase();
  const digit = /^Digit([0-9])$/.exec(press.code);
  if (digit?.[1]) return digit[1];
  return punctuation[press.code] ?? press.key.toLowerCase();
}

export function matchesChord(press: KeyPress, chord: KeyChord): boolean {
  return (
    keyOf(press) === chord.key &&
    press.ctrlKey === chord.ctrl &&
    press.shiftKey === chord.shift &&
    press.altKey === chord.alt &&
    press.metaKey === chord.meta
  );
}

const macSymbols: Record<string, string> = { ctrl: '⌃', alt: '⌥', shift: '⇧', meta: '⌘' };

/** How a keybinding is written for the user: "Ctrl+Shift+P", or "⇧⌘P" on macOS. */
export function formatKeybinding(text: string, isMac: boolean): string {
  const chord = parseKeybinding(text, isMac);
  const key = chord.key.length === 1 ? chord.key.toUpperCase() : chord.key.replace(/^f(\d+)$/, 'F$1');
  const named = key.charAt(0).toUpperCase() + key.slice(1);
  const modifiers = (['ctrl', 'alt', 'shift', 'meta'] as const).filter((m) => chord[m]);
  if (isMac) return modifiers.map((m) => macSymbols[m]).join('') + named;
  const words = { ctrl: 'Ctrl', alt: 'Alt', shift: 'Shift', meta: 'Meta' };
  return [...modifiers.map((m) => words[m]), named].join('+');
}

export function isMacPlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
