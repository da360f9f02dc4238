import type { FileChange } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { reportError } from '../notifications/report';

interface FilesState {
  /** Every file of the workspace for quick open; null until first asked for. */
  files: string[] | null;
  truncated: boolean;
  loading: boolean;
  /** Loads the list unless it is already fresh. */
  ensure(): Promise<void>;
  onFsChanged(changes: readonly FileChange[]): void;
  reset(): void;
}

let generation = 0;

/** How these stores reach core: handed the client when the workbench wires its features. */
export const filesClient = storeClient('quick open');

/** Quick open's cache of `workspace.files`, dropped when files appear or disappear. */
export const useWorkspaceFiles = create<FilesState>((set, get) => ({
  files: null,
  truncated: false,
  loading: false,
  async ensure() {
    if (get().files !== null || get().loading) return;
    const mine = ++generation;
    set({ loading: true });
    try {
      const result = await filesClient().call('workspace.files', {});
      if (mine === generation) set({ files: result.files, truncated: result.truncated, loading: false });
    } catch (error) {
      if (mine === generation) set({ loading: false });
      if ((error as { code?: string }).code !== 'NO_WORKSPACE') reportError('actions.listFiles', error);
    }
  },
  onFsChanged(changes) {
    if (!changes.some((change) => change.type !== 'changed')) return;
    generation++;
    set({ files: null, loading: false });
  },
  reset() {
    generation++;
    set({ files: null, truncated: false, loading: false });
  },
}));
