import { create } from 'zustand';

export const COMMAND_PREFIX = '>';

interface PaletteState {
  open: boolean;
  query: string;
  /** Opens with a starting text: "" for quick open, ">" for commands. */
  show(query: string): void;
  setQuery(query: string): void;
  hide(): void;
}

/** The one modal picker: files by default, commands when the text starts with ">". */
export const usePalette = create<PaletteState>((set) => ({
  open: false,
  query: '',
  show: (query) => set({ open: true, query }),
  setQuery: (query) => set({ query }),
  hide: () => set({ open: false, query: '' }),
}));

export function isCommandQuery(query: string): boolean {
  return query.startsWith(COMMAND_PREFIX);
}
