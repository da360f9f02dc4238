import type { MethodOutput } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';

/** A terminal as core lists it. */
export type TerminalInfo = MethodOutput<'terminal.create'>;

interface TerminalState {
  /** Core's list, oldest first; exited terminals stay until they are closed. */
  terminals: TerminalInfo[];
  activeId: string | null;
  /** The terminal whose name is being edited in the list. */
  renamingId: string | null;
  setTerminals(terminals: TerminalInfo[]): void;
  select(id: string): void;
  startRename(id: string | null): void;
}

/** How these stores reach core: handed the client when the workbench wires its features. */
export const terminalClient = storeClient('terminal');

/** Which terminals exist and which one the panel shows. */
export const useTerminals = create<TerminalState>((set) => ({
  terminals: [],
  activeId: null,
  renamingId: null,
  setTerminals: (terminals) =>
    set((s) => {
      const ids = terminals.map((terminal) => terminal.id);
      const activeId = s.activeId && ids.includes(s.activeId) ? s.activeId : (ids.at(-1) ?? null);
      const renamingId = s.renamingId && ids.includes(s.renamingId) ? s.renamingId : null;
      return { terminals, activeId, renamingId };
    }),
  select: (id) => set({ activeId: id }),
  startRename: (id) => set({ renamingId: id }),
}));
