import { create } from 'zustand';
import type { OutputChannelContribution } from '../workbench/ui-feature';

export type OutputLevel = 'info' | 'warn' | 'error';

export interface OutputLine {
  id: number;
  time: number;
  level: OutputLevel;
  text: string;
}

const MAX_LINES = 2_000;

/** The UI's own log; every other channel is a task's (`task:<name>`). */
export const WEBNOVA_CHANNEL = 'webnova';
export const taskChannel = (name: string) => `task:${name}`;
/** The task a channel shows, or null for the UI's own log. */
export const channelTask = (channel: string): string | null =>
  channel.startsWith('task:') ? channel.slice('task:'.length) : null;

interface OutputState {
  /** The WebNova channel's lines. */
  lines: OutputLine[];
  /** The channel the Output panel shows. */
  channel: string;
  /** The channels other features add (the sandbox's runs). */
  channels: readonly OutputChannelContribution[];
  /** Adds channels; returns what takes them away. */
  addChannels(channels: readonly OutputChannelContribution[]): () => void;
  append(level: OutputLevel, text: string): void;
  /** Empties the WebNova channel. */
  clear(): void;
  selectChannel(channel: string): void;
}

let nextId = 1;

/** The Output panel: the channel it shows, and the WebNova channel's log: what the UI did and what went wrong, with timestamps. */
export const useOutput = create<OutputState>((set) => ({
  lines: [],
  channel: WEBNOVA_CHANNEL,
  channels: [],
  addChannels: (added) => {
    set((state) => ({ channels: [...state.channels, ...added] }));
    return () => set((state) => ({ channels: state.channels.filter((channel) => !added.includes(channel)) }));
  },
  append: (level, text) =>
    set((state) => {
      const line = { id: nextId++, time: Date.now(), level, text };
      const lines = state.lines.length >= MAX_LINES ? state.lines.slice(-MAX_LINES + 1) : state.lines.slice();
      lines.push(line);
      return { lines };
    }),
  clear: () => set({ lines: [] }),
  selectChannel: (channel) => set({ channel }),
}));

export const log = {
  info: (text: string) => useOutput.getState().append('info', text),
  warn: (text: string) => useOutput.getState().append('warn', text),
  error: (text: string) => useOutput.getState().append('error', text),
};
