import { describe, expect, it } from 'vitest';
import { formatKeybinding, keyOf, matchesChord, parseKeybinding } from '../src/commands/keybindings';
import { workbenchCommands } from '../src/commands/workbench-commands';

const press = (key: string, code: string, mods: Partial<Record<'ctrl' | 'shift' | 'alt' | 'meta', boolean>> = {}) => ({
  key,
  code,
  ctrlKey: mods.ctrl ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
  metaKey: mods.meta ?? false,
});

describe('keybindings', () => {
  it('reads Mod as Ctrl off macOS and as Cmd on macOS', () => {
    expect(parseKeybinding('Mod+Shift+P', false)).toEqual({
      key: 'p',
      ctrl: true,
      shift: true,
      alt: false,
      meta: false,
    });
    expect(parseKeybinding('Mod+Shift+P', true)).toEqual({
      key: 'p',
      ctrl: false,
      shift: true,
      alt: false,
      meta: true,
    });
    expect(parseKeybinding('F1', false)).toEqual({ key: 'f1', ctrl: false, shift: false, alt: false, meta: false });
  });

  it('refuses bindings without a key or with unknown modifiers', () => {
    expect(() => parseKeybinding('Ctrl+Shift', false)).toThrow(/names no key/);
    expect(() => parseKeybinding('Hyper+P', false)).toThrow(/unknown modifier/);
  });

  it('matches the exact modifiers only', () => {
    const chord = parseKeybinding('Mod+P', false);
    expect(matchesChord(press('p', 'KeyP', { ctrl: true }), chord)).toBe(true);
    expect(matchesChord(press('P', 'KeyP', { ctrl: true, shift: true }), chord)).toBe(false);
    expect(matchesChord(press('p', 'KeyP'), chord)).toBe(false);
  });

  it('uses the physical key for letters, so an Arabic layout still works', () => {
    expect(keyOf({ key: 'ح', code: 'KeyP' })).toBe('p');
    expect(keyOf({ key: 'ذ', code: 'Backquote' })).toBe('`');
    expect(matchesChord(press('ح', 'KeyP', { ctrl: true, shift: true }), parseKeybinding('Ctrl+Shift+P', false))).toBe(
      true,
    );
    expect(keyOf({ key: 'F1', code: 'F1' })).toBe('f1');
  });

  it('writes bindings for people: words off macOS, symbols on macOS', () => {
    expect(formatKeybinding('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatKeybinding('Mod+Shift+P', true)).toBe('⇧⌘P');
    expect(formatKeybinding('Ctrl+PageDown', false)).toBe('Ctrl+Pagedown');
    expect(formatKeybinding('F1', false)).toBe('F1');
  });

  it('gives no two workbench commands the same key', () => {
    const seen = new Map<string, string>();
    for (const command of workbenchCommands) {
      for (const binding of command.keybindings ?? []) {
        const chord = JSON.stringify(parseKeybinding(binding, false));
        expect(seen.get(chord), `${binding} of ${command.id}`).toBeUndefined();
        seen.set(chord, command.id);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
  });
});
