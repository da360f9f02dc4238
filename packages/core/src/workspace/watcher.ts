import { basename, relative, sep } from 'node:path';
import { watch } from 'chokidar';
import type { FileChange } from '../contracts/index.js';
import { isAtomicWriteTemp } from './atomic-write.js';
import { ALWAYS_SKIPPED } from './ignore-rules.js';

export interface WatchOptions {
  /** How long changes are collected before one callback reports them all. */
  readonly batchMs?: number;
  /** Watcher failures (e.g. the system's watch limit reached); watching goes on where it can. */
  readonly onError?: (error: unknown) => void;
}

/** Stops watching and releases every handle; `ready` settles once the initial scan is done. */
export type StopWatching = (() => Promise<void>) & { readonly ready: Promise<void> };

const CHANGE_OF_EVENT = {
  add: { type: 'created', kind: 'file' },
  addDir: { type: 'created', kind: 'directory' },
  change: { type: 'changed', kind: 'file' },
  unlink: { type: 'deleted', kind: 'file' },
  unlinkDir: { type: 'deleted', kind: 'directory' },
} as const satisfies Record<string, Omit<FileChange, 'path'>>;

/**
 * Watches the workspace folder (not .git internals, node_modules or our own temp files) and reports
 * changes in batches, workspace-relative.
 */
export function watchWorkspace(
  root: string,
  onChanges: (changes: FileChange[]) => void,
  options: WatchOptions = {},
): StopWatching {
  const batchMs = options.batchMs ?? 50;
  const toRelative = (path: string) => relative(root, path).split(sep).join('/');
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path: string) =>
      toRelative(path)
        .split('/')
        .some((segment) => ALWAYS_SKIPPED.has(segment)) || isAtomicWriteTemp(basename(path)),
  });

  let pending: FileChange[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const flush = () => {
    timer = undefined;
    const changes = pending;
    pending = [];
    if (!stopped && changes.length > 0) onChanges(changes);
  };

  watcher.on('all', (event, path) => {
    const change = CHANGE_OF_EVENT[event as keyof typeof CHANGE_OF_EVENT];
    const rel = toRelative(path);
    if (change === undefined || rel === '' || rel.startsWith('..')) return;
    const last = pending.at(-1);
    if (last?.path === rel && last.type === change.type) return;
    pending.push({ type: change.type, path: rel, kind: change.kind });
    timer ??= setTimeout(flush, batchMs);
  });
  watcher.on('error', (error) => options.onError?.(error));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  const stop = async () => {
    stopped = true;
    clearTimeout(timer);
    pending = [];
    await watcher.close();
  };
  return Object.assign(stop, { ready });
}
