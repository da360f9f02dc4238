import type { FileChange } from '@webnova/core/contracts';
import { create } from 'zustand';
import { storeClient } from '../connection/store-client';
import { usePrompts } from '../dialogs/prompt-store';
import { describeError, errorCode } from '../i18n/describe-error';
import { t } from '../i18n/i18n';
import { reportError } from '../notifications/report';
import { log } from '../panels/output-store';
import { baseName, isWithin, rebase } from '../workspace/paths';
import { textDocuments } from './documents';

/** How the file on disk relates to what the tab last read or wrote. */
export type DiskState = 'in-sync' | 'changed' | 'deleted';

export interface EditorTab {
  path: string;
  /** `unavailable`: core refused to open the file as text (too large, binary); `problem` says why. */
  status: 'loading' | 'ready' | 'unavailable';
  problem: { code: string; message: string; detail: string } | null;
  etag: string | null;
  /** The text as last read from or written to disk. */
  savedContent: string;
  dirty: boolean;
  disk: DiskState;
  saving: boolean;
  /** Set for a read-only diff tab (e.g. the git view's); `path` is then its key, not a file. */
  diff?: DiffView;
}

/** Two versions of a file side by side, shown read-only in Monaco's diff editor. */
export interface DiffView {
  /** The workspace file both sides are versions of (its language, its breadcrumbs). */
  file: string;
  /** The tab's name, e.g. "app.ts (Working Tree)". */
  title: string;
  original: string;
  modified: string;
}

/** The tab key of a diff: never a workspace path (those have no empty segment). */
export function diffTabKey(kind: string, file: string): string {
  return `diff://${kind}/${file}`;
}

export interface TextPosition {
  line: number;
  column: number;
}

export interface RevealTarget extends TextPosition {
  path: string;
  length: number;
  seq: number;
}

type CloseChoice = 'save' | 'discard' | 'cancel';

interface EditorsState {
  tabs: EditorTab[];
  active: string | null;
  /** Paths in the order they were last shown, newest first: quick open's "recently opened". */
  history: string[];
  cursor: TextPosition | null;
  reveal: RevealTarget | null;
  open(path: string, at?: TextPosition & { length?: number }): Promise<void>;
  /** Opens several tabs at once (session restore) without showing each in turn. */
  openMany(paths: readonly string[], active: string | null): Promise<void>;
  activate(path: string): void;
  requestClose(path: string): Promise<boolean>;
  requestCloseAll(): Promise<boolean>;
  close(path: string): void;
  closeAll(): void;
  save(path: string, options?: { overwrite?: boolean }): Promise<boolean>;
  saveAll(): Promise<boolean>;
  reload(path: string): Promise<void>;
  setDirty(path: string, dirty: boolean): void;
  setCursor(cursor: TextPosition | null): void;
  consumeReveal(seq: number): void;
  renamed(from: string, to: string): void;
  onFsChanged(changes: readonly FileChange[]): void;
  /** Opens (or refreshes and shows) a diff tab under `key`. */
  openDiff(key: string, diff: DiffView): void;
  /** Replaces the texts of an open diff tab; nothing happens when it was closed. */
  updateDiff(key: string, diff: DiffView): void;
}

const UNAVAILABLE_CODES = new Set(['FILE_TOO_LARGE', 'BINARY_FILE', 'NOT_A_FILE']);

let revealSeq = 0;
/** Disk checks that arrived while a save was in flight; they run when it settles. */
const checksAfterSave = new Set<string>();

function newTab(path: string): EditorTab {
  return {
    path,
    status: 'loading',
    problem: null,
    etag: null,
    savedContent: '',
    dirty: false,
    disk: 'in-sync',
    saving: false,
  };
}

/** How these stores reach core: handed the client when the workbench wires its features. */
export const editorClient = storeClient('editor');

export const useEditors = create<EditorsState>((set, get) => {
  const tab = (path: string) => get().tabs.find((candidate) => candidate.path === path);
  const patch = (path: string, changes: Partial<EditorTab>) =>
    set((s) => ({
      tabs: s.tabs.map((candidate) => (candidate.path === path ? { ...candidate, ...changes } : candidate)),
    }));

  /** Reads a tab's file. `restoring`: a file gone since last session just drops out, without a toast. */
  async function load(path: string, restoring = false): Promise<void> {
    try {
      const file = await editorClient().call('fs.read', { path });
      textDocuments().replace(path, file.content);
      patch(path, { status: 'ready', etag: file.stat.etag, savedContent: file.content, dirty: false, disk: 'in-sync' });
    } catch (error) {
      const code = errorCode(error);
      if (code && UNAVAILABLE_CODES.has(code)) {
        const described = describeError(error);
        patch(path, { status: 'unavailable', problem: { code, message: described.message, detail: described.detail } });
        log.warn(t('output.fileUnavailable', { path, reason: described.detail }));
        return;
      }
      get().close(path);
      if (restoring && code === 'NOT_FOUND') log.info(t('output.sessionFileGone', { path }));
      else reportError('actions.openFile', error, { name: baseName(path) });
    }
  }

  async function checkDisk(path: string): Promise<void> {
    const before = tab(path);
    if (before?.status !== 'ready' || before.diff) return;
    if (before.saving) {
      checksAfterSave.add(path);
      return;
    }
    let file: Awaited<ReturnType<typeof readFile>>;
    try {
      file = await readFile(path);
    } catch (error) {
      if (errorCode(error) === 'NOT_FOUND' && tab(path)) patch(path, { disk: 'deleted' });
      return;
    }
    const now = tab(path);
    if (!now || now.saving) return;
    if (file.stat.etag === now.etag) {
      if (now.disk !== 'in-sync') patch(path, { disk: 'in-sync' });
      return;
    }
    if (!now.dirty) {
      textDocuments().replace(path, file.content);
      patch(path, { etag: file.stat.etag, savedContent: file.content, disk: 'in-sync' });
      log.info(t('output.reloaded', { path }));
    } else {
      patch(path, { disk: 'changed' });
      log.warn(t('output.changedOnDisk', { path }));
    }
  }

  function readFile(path: string) {
    return editorClient().call('fs.read', { path });
  }

  async function askToSave(paths: readonly string[]): Promise<CloseChoice> {
    const single = paths.length === 1;
    const answer = await usePrompts.getState().ask({
      title: t('prompts.saveChanges.title'),
      message: single
        ? t('prompts.saveChanges.one', { name: baseName(paths[0] ?? '') })
        : t('prompts.saveChanges.many', { count: paths.length }),
      detail: t('prompts.saveChanges.detail'),
      buttons: [
        {
          id: 'save',
          label: single ? t('prompts.saveChanges.save') : t('prompts.saveChanges.saveAll'),
          kind: 'primary',
        },
        { id: 'discard', label: t('prompts.saveChanges.discard'), kind: 'secondary' },
        { id: 'cancel', label: t('common.cancel'), kind: 'secondary' },
      ],
      cancelId: 'cancel',
    });
    return answer === 'save' || answer === 'discard' ? answer : 'cancel';
  }

  const remember = (history: string[], path: string) => [path, ...history.filter((p) => p !== path)].slice(0, 50);

  return {
    tabs: [],
    active: null,
    history: [],
    cursor: null,
    reveal: null,

    async open(path, at) {
      const reveal = at ? { path, line: at.line, column: at.column, length: at.length ?? 0, seq: ++revealSeq } : null;
      if (tab(path)) {
        get().activate(path);
        if (reveal) set({ reveal });
        return;
      }
      set((s) => {
        const after = s.active ? s.tabs.findIndex((candidate) => candidate.path === s.active) + 1 : s.tabs.length;
        const tabs = [...s.tabs.slice(0, after), newTab(path), ...s.tabs.slice(after)];
        return { tabs, active: path, history: remember(s.history, path), reveal: reveal ?? s.reveal };
      });
      await load(path);
    },

    async openMany(paths, active) {
      const fresh = [...new Set(paths)].filter((path) => !tab(path));
      if (fresh.length === 0) {
        if (active && tab(active)) get().activate(active);
        return;
      }
      set((s) => {
        const chosen = active && (fresh.includes(active) || s.tabs.some((x) => x.path === active)) ? active : s.active;
        return {
          tabs: [...s.tabs, ...fresh.map(newTab)],
          active: chosen ?? fresh[0] ?? null,
          history: chosen ? remember(s.history, chosen) : s.history,
        };
      });
      await Promise.all(fresh.map((path) => load(path, true)));
    },

    activate(path) {
      if (!tab(path)) return;
      set((s) => ({ active: path, history: remember(s.history, path) }));
    },

    async requestClose(path) {
      const target = tab(path);
      if (!target) return true;
      if (target.dirty) {
        const choice = await askToSave([path]);
        if (choice === 'cancel') return false;
        if (choice === 'save' && !(await get().save(path))) return false;
      }
      get().close(path);
      return true;
    },

    async requestCloseAll() {
      const dirty = get()
        .tabs.filter((candidate) => candidate.dirty)
        .map((candidate) => candidate.path);
      if (dirty.length > 0) {
        const choice = await askToSave(dirty);
        if (choice === 'cancel') return false;
        if (choice === 'save' && !(await get().saveAll())) return false;
      }
      get().closeAll();
      return true;
    },

    close(path) {
      const s = get();
      const index = s.tabs.findIndex((candidate) => candidate.path === path);
      if (index === -1) return;
      const tabs = s.tabs.filter((candidate) => candidate.path !== path);
      const history = s.history.filter((p) => p !== path);
      let active = s.active;
      if (active === path) {
        active = history.find((p) => tabs.some((candidate) => candidate.path === p)) ?? null;
        active ??= (tabs[Math.min(index, tabs.length - 1)] ?? null)?.path ?? null;
      }
      textDocuments().discard(path);
      checksAfterSave.delete(path);
      set({ tabs, history, active, cursor: active ? s.cursor : null });
    },

    closeAll() {
      for (const candidate of get().tabs) textDocuments().discard(candidate.path);
      checksAfterSave.clear();
      set({ tabs: [], active: null, history: [], cursor: null, reveal: null });
    },

    async save(path, options = {}) {
      const target = tab(path);
      if (target?.status !== 'ready' || target.saving || target.diff) return false;
      const content = textDocuments().read(path) ?? target.savedContent;
      const overwrite = options.overwrite === true || target.disk === 'deleted' || target.etag === null;
      patch(path, { saving: true });
      try {
        const stat = await editorClient().call(
          'fs.write',
          overwrite ? { path, content } : { path, content, expectedEtag: target.etag ?? undefined },
        );
        const stillDirty = textDocuments().saved(path, content);
        patch(path, { saving: false, etag: stat.etag, savedContent: content, dirty: stillDirty, disk: 'in-sync' });
        log.info(t('output.saved', { path }));
        return true;
      } catch (error) {
        patch(path, { saving: false });
        const code = errorCode(error);
        if (code === 'CONFLICT') {
          patch(path, { disk: 'changed' });
          log.warn(t('output.saveConflict', { path }));
        } else if (code === 'NOT_FOUND' && (error as { details?: { deleted?: boolean } }).details?.deleted) {
          patch(path, { disk: 'deleted' });
          log.warn(t('output.deletedOnDisk', { path }));
        } else {
          reportError('actions.saveFile', error, { name: baseName(path) });
        }
        return false;
      } finally {
        if (checksAfterSave.delete(path)) void checkDisk(path);
      }
    },

    async saveAll() {
      let ok = true;
      for (const candidate of get().tabs) {
        if (candidate.dirty) ok = (await get().save(candidate.path)) && ok;
      }
      return ok;
    },

    async reload(path) {
      if (!tab(path) || tab(path)?.diff) return;
      try {
        const file = await readFile(path);
        textDocuments().replace(path, file.content);
        patch(path, {
          status: 'ready',
          problem: null,
          etag: file.stat.etag,
          savedContent: file.content,
          dirty: false,
          disk: 'in-sync',
        });
      } catch (error) {
        if (errorCode(error) === 'NOT_FOUND') patch(path, { disk: 'deleted' });
        reportError('actions.reloadFile', error, { name: baseName(path) });
      }
    },

    setDirty(path, dirty) {
      if (tab(path)?.dirty !== dirty) patch(path, { dirty });
    },

    setCursor: (cursor) => set({ cursor }),

    consumeReveal(seq) {
      if (get().reveal?.seq === seq) set({ reveal: null });
    },

    renamed(from, to) {
      if (from === '') return;
      const moved = get().tabs.filter((candidate) => isWithin(candidate.path, from));
      if (moved.length === 0) return;
      for (const candidate of moved) textDocuments().rename(candidate.path, rebase(candidate.path, from, to));
      const move = (p: string) => (isWithin(p, from) ? rebase(p, from, to) : p);
      set((s) => ({
        tabs: s.tabs.map((candidate) => ({ ...candidate, path: move(candidate.path) })),
        active: s.active === null ? null : move(s.active),
        history: s.history.map(move),
      }));
    },

    onFsChanged(changes) {
      const affected = new Set<string>();
      for (const change of changes) {
        for (const candidate of get().tabs) {
          const hit =
            change.kind === 'directory' ? isWithin(candidate.path, change.path) : candidate.path === change.path;
          if (hit) affected.add(candidate.path);
        }
      }
      for (const path of affected) void checkDisk(path);
    },

    openDiff(key, diff) {
      if (tab(key)) {
        patch(key, { diff });
        get().activate(key);
        return;
      }
      set((s) => {
        const after = s.active ? s.tabs.findIndex((candidate) => candidate.path === s.active) + 1 : s.tabs.length;
        const opened: EditorTab = { ...newTab(key), status: 'ready', diff };
        return { tabs: [...s.tabs.slice(0, after), opened, ...s.tabs.slice(after)], active: key };
      });
    },

    updateDiff(key, diff) {
      if (tab(key)) patch(key, { diff });
    },
  };
});

export function dirtyCount(tabs: readonly EditorTab[]): number {
  return tabs.reduce((count, candidate) => count + (candidate.dirty ? 1 : 0), 0);
}
