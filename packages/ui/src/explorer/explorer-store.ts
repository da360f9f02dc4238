import type { FileChange, FileEntry } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { usePrompts } from '../dialogs/prompt-store';
import { useEditors } from '../editor/editors-store';
import { errorCode } from '../i18n/describe-error';
import { t } from '../i18n/i18n';
import { reportError } from '../notifications/report';
import { log } from '../panels/output-store';
import { baseName, isWithin, joinPath, parentOf } from '../workspace/paths';
import { type PendingEdit, sortEntries } from './tree-rows';
import { type NameProblem, validateEntryName } from './validate-name';

const REFRESH_DELAY_MS = 80;

interface ExplorerState {
  /** Loaded folders' entries, by folder path ("" is the root). */
  children: Record<string, FileEntry[]>;
  expanded: Record<string, boolean>;
  selected: string | null;
  edit: PendingEdit | null;
  reset(): void;
  loadFolder(path: string): Promise<void>;
  toggle(path: string): Promise<void>;
  expand(path: string): Promise<void>;
  collapse(path: string): void;
  collapseAll(): void;
  select(path: string | null): void;
  /** Where a new entry goes: the selected folder, the selected file's folder, or the root. */
  targetFolder(): string;
  startCreate(kind: 'file' | 'directory', parent?: string): Promise<void>;
  startRename(path: string): void;
  cancelEdit(): void;
  /** Checks a name typed into the inline input against the folder's current entries. */
  check(name: string): NameProblem | null;
  commitEdit(name: string): Promise<boolean>;
  requestDelete(path: string): Promise<boolean>;
  onFsChanged(changes: readonly FileChange[]): void;
}

const pendingRefresh = new Set<string>();
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

function withoutFolder<T>(record: Record<string, T>, folder: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([path]) => !isWithin(path, folder)));
}

/** How these stores reach core: handed the client when the workbench wires its features. */
export const explorerClient = storeClient('Explorer');

/** The file tree: which folders are loaded and open, the selection, and the inline name input. */
export const useExplorer = create<ExplorerState>((set, get) => {
  const entryOf = (path: string): FileEntry | undefined =>
    get().children[parentOf(path)]?.find((entry) => entry.path === path);

  const scheduleRefresh = (folder: string) => {
    pendingRefresh.add(folder);
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      const folders = [...pendingRefresh];
      pendingRefresh.clear();
      for (const path of folders) if (get().children[path]) void get().loadFolder(path);
    }, REFRESH_DELAY_MS);
  };

  const dropFolder = (folder: string) =>
    set((s) => ({
      children: withoutFolder(s.children, folder),
      expanded: withoutFolder(s.expanded, folder),
      selected: s.selected !== null && isWithin(s.selected, folder) ? null : s.selected,
    }));

  return {
    children: {},
    expanded: {},
    selected: null,
    edit: null,

    reset() {
      pendingRefresh.clear();
      set({ children: {}, expanded: {}, selected: null, edit: null });
    },

    async loadFolder(path) {
      try {
        const { entries } = await explorerClient().call('fs.list', { path });
        set((s) => ({ children: { ...s.children, [path]: sortEntries(entries) } }));
      } catch (error) {
        const code = errorCode(error);
        if (path !== '' && (code === 'NOT_FOUND' || code === 'NOT_A_DIRECTORY')) dropFolder(path);
        else if (code !== 'NO_WORKSPACE') reportError('actions.listFolder', error, { name: baseName(path) || '/' });
      }
    },

    async toggle(path) {
      if (get().expanded[path]) get().collapse(path);
      else await get().expand(path);
    },

    async expand(path) {
      set((s) => ({ expanded: { ...s.expanded, [path]: true } }));
      if (!get().children[path]) await get().loadFolder(path);
    },

    collapse(path) {
      set((s) => ({ expanded: { ...s.expanded, [path]: false } }));
    },

    collapseAll: () => set({ expanded: {} }),

    select: (path) => set({ selected: path }),

    targetFolder() {
      const { selected } = get();
      if (selected === null) return '';
      const entry = entryOf(selected);
      if (entry?.kind === 'directory') return selected;
      return parentOf(selected);
    },

    async startCreate(kind, parent) {
      const folder = parent ?? get().targetFolder();
      if (folder !== '') await get().expand(folder);
      else if (!get().children['']) await get().loadFolder('');
      set({ edit: { mode: 'create', parent: folder, kind } });
    },

    startRename(path) {
      if (path === '') return;
      set({ edit: { mode: 'rename', path }, selected: path });
    },

    cancelEdit: () => set({ edit: null }),

    check(name) {
      const { edit, children } = get();
      if (!edit) return null;
      const folder = edit.mode === 'create' ? edit.parent : parentOf(edit.path);
      const siblings = (children[folder] ?? []).map((entry) => entry.name);
      return validateEntryName(name, siblings, edit.mode === 'rename' ? baseName(edit.path) : undefined);
    },

    async commitEdit(name) {
      const { edit } = get();
      if (!edit || get().check(name) !== null) return false;
      if (edit.mode === 'rename' && baseName(edit.path) === name) {
        set({ edit: null });
        return true;
      }
      const folder = edit.mode === 'create' ? edit.parent : parentOf(edit.path);
      const path = joinPath(folder, name);
      try {
        if (edit.mode === 'create') {
          await explorerClient().call('fs.create', { path, kind: edit.kind });
          log.info(t(edit.kind === 'file' ? 'output.createdFile' : 'output.createdFolder', { path }));
        } else {
          await explorerClient().call('fs.rename', { from: edit.path, to: path });
          log.info(t('output.renamed', { from: edit.path, to: path }));
          if (get().children[edit.path]) dropFolder(edit.path);
          useEditors.getState().renamed(edit.path, path);
        }
      } catch (error) {
        if (errorCode(error) === 'ALREADY_EXISTS') await get().loadFolder(folder);
        reportError(edit.mode === 'create' ? 'actions.create' : 'actions.rename', error, { name });
        return false;
      }
      set({ edit: null, selected: path });
      await get().loadFolder(folder);
      if (edit.mode === 'create' && edit.kind === 'file') await useEditors.getState().open(path);
      return true;
    },

    async requestDelete(path) {
      if (path === '') return false;
      const entry = entryOf(path);
      const isFolder = entry?.kind === 'directory';
      const name = baseName(path);
      const answer = await usePrompts.getState().ask({
        title: t(isFolder ? 'prompts.delete.folderTitle' : 'prompts.delete.fileTitle'),
        message: t(isFolder ? 'prompts.delete.folderMessage' : 'prompts.delete.fileMessage', { name }),
        detail: t('prompts.delete.detail'),
        buttons: [
          { id: 'delete', label: t('prompts.delete.confirm'), kind: 'danger' },
          { id: 'cancel', label: t('common.cancel'), kind: 'secondary' },
        ],
        cancelId: 'cancel',
      });
      if (answer !== 'delete') return false;
      try {
        await explorerClient().call('fs.delete', { path });
      } catch (error) {
        reportError('actions.delete', error, { name });
        return false;
      }
      log.info(t('output.deleted', { path }));
      const editors = useEditors.getState();
      for (const tab of editors.tabs) {
        if (isWithin(tab.path, path) && !tab.dirty) editors.close(tab.path);
      }
      if (isFolder) dropFolder(path);
      if (get().selected !== null && isWithin(get().selected ?? '', path)) set({ selected: null });
      await get().loadFolder(parentOf(path));
      return true;
    },

    onFsChanged(changes) {
      for (const change of changes) {
        // A changed file keeps its place in the tree; only creations and deletions alter a listing.
        if (change.type === 'changed') continue;
        if (change.type === 'deleted' && change.kind === 'directory') dropFolder(change.path);
        scheduleRefresh(parentOf(change.path));
      }
    },
  };
});
