import { create } from 'zustand';

export type OutputLevel = 'info' | 'warn' | 'error';

export interface OutputLine {
  id: number;
  time: number;
  level: OutputLevel;
  text: string;
}

const MAX_LINES = 2_000;

interface OutputState {
  lines: OutputLine[];
  append(level: OutputLevel, text: string): void;
  clear(): void;
}

let nextId = 1;

/** The Output panel's log: what the UI did and what went wrong, with timestamps. */
export const useOutput = create<OutputState>((set) => ({
  lines: [],
  append: (level, text) =>
    set((state) => {
      const line = { id: nextId++, time: Date.now(), level, text };
      const lines = state.lines.length >= MAX_LINES ? state.lines.slice(-MAX_LINES + 1) : state.lines.slice();
      lines.push(line);
      return { lines };
    }),
  clear: () => set({ lines: [] }),
}));

export const log = {
  info: (text: string) => useOutput.getState().append('info', text),
  warn: (text: string) => useOutput.getState().append('warn', text),
  error: (text: string) => useOutput.getState().append('error', text),
};
