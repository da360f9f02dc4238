import type { FileEntry } from '@webnova/core/contracts';

export type PendingEdit =
  | { mode: 'create'; parent: string; kind: 'file' | 'directory' }
  | { mode: 'rename'; path: string };

export type TreeRow =
  | { type: 'entry'; entry: FileEntry; level: number; expanded: boolean }
  | { type: 'create'; parent: string; kind: 'file' | 'directory'; level: number };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Folders first, then files, each in natural order ("file2" before "file10"). */
export function sortEntries(entries: readonly FileEntry[]): FileEntry[] {
  return [...entries].sort((a, b) => {
    const aFolder = a.kind === 'directory' ? 0 : 1;
    const bFolder = b.kind === 'directory' ? 0 : 1;
    return aFolder - bFolder || collator.compare(a.name, b.name);
  });
}

/** The rows the tree shows, depth first through the expanded folders that have loaded. */
export function treeRows(
  children: Readonly<Record<string, readonly FileEntry[]>>,
  expanded: Readonly<Record<string, boolean>>,
  edit: PendingEdit | null,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (folder: string, level: number) => {
    if (edit?.mode === 'create' && edit.parent === folder) {
      rows.push({ type: 'create', parent: folder, kind: edit.kind, level });
    }
    for (const entry of children[folder] ?? []) {
      const isOpen = entry.kind === 'directory' && expanded[entry.path] === true;
      rows.push({ type: 'entry', entry, level, expanded: isOpen });
      if (isOpen) walk(entry.path, level + 1);
    }
  };
  walk('', 1);
  return rows;
}
