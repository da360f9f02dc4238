import type { RecentWorkspace, WorkspaceInfo } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';

interface WorkspaceState {
  workspace: WorkspaceInfo | null;
  /** Core has said which folder is open (or that none is): until then views say they are loading. */
  known: boolean;
  recent: RecentWorkspace[];
  /** The Open Folder dialog is showing. */
  picking: boolean;
  opening: boolean;
  setWorkspace(workspace: WorkspaceInfo | null): void;
  setKnown(): void;
  setRecent(recent: RecentWorkspace[]): void;
  setPicking(picking: boolean): void;
  setOpening(opening: boolean): void;
}

/** How these stores reach core: handed the client when the workbench wires its features. */
export const workspaceClient = storeClient('workspace');

/** The folder open in this window and the recently opened ones. */
export const useWorkspace = create<WorkspaceState>((set) => ({
  workspace: null,
  known: false,
  recent: [],
  picking: false,
  opening: false,
  setWorkspace: (workspace) => set({ workspace, known: true }),
  setKnown: () => set({ known: true }),
  setRecent: (recent) => set({ recent }),
  setPicking: (picking) => set({ picking }),
  setOpening: (opening) => set({ opening }),
}));
