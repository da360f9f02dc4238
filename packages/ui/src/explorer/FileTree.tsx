import { type KeyboardEvent, type MouseEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useEditors } from '../editor/editors-store';
import { useLayout } from '../workbench/layout-store';
import { baseName, parentOf } from '../workspace/paths';
import { ExplorerMenu } from './ExplorerMenu';
import { useExplorer } from './explorer-store';
import { FileIcon } from './FileIcon';
import { IndentGuides } from './IndentGuides';
import { NameInput } from './NameInput';
import { TreeItem } from './TreeItem';
import { type TreeRow, treeRows } from './tree-rows';

interface MenuRequest {
  x: number;
  y: number;
  /** The entry right-clicked, or null for the empty space below the rows. */
  path: string | null;
}

type EntryRow = Extract<TreeRow, { type: 'entry' }>;

/**
 * The workspace's files as an ARIA tree. The tree keeps the keyboard focus and points at the
 * selected row with aria-activedescendant, as VS Code's lists do.
 */
export function FileTree({ label }: { label: string }) {
  const { t } = useTranslation();
  const explorer = useExplorer(
    useShallow((s) => ({ children: s.children, expanded: s.expanded, edit: s.edit, selected: s.selected })),
  );
  const rows = useMemo(
    () => treeRows(explorer.children, explorer.expanded, explorer.edit),
    [explorer.children, explorer.expanded, explorer.edit],
  );
  const entries = useMemo(() => rows.filter((row): row is EntryRow => row.type === 'entry'), [rows]);
  const activeEditor = useEditors((s) => s.active);
  const focusRequest = useLayout((s) => s.focusRequest);
  const [menu, setMenu] = useState<MenuRequest | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const rowId = (path: string) => `${idPrefix}${encodeURIComponent(path)}`;
  const selectedRow = entries.find((row) => row.entry.path === explorer.selected);

  useEffect(() => {
    if (focusRequest?.target === 'explorer') treeRef.current?.focus();
  }, [focusRequest]);

  const selectedId = explorer.selected === null ? null : rowId(explorer.selected);
  useEffect(() => {
    if (selectedId) document.getElementById(selectedId)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const store = useExplorer.getState;
  const activate = (row: EntryRow) => {
    store().select(row.entry.path);
    if (row.entry.kind === 'directory') void store().toggle(row.entry.path);
    else void useEditors.getState().open(row.entry.path);
  };

  const openMenuAt = (path: string | null, x: number, y: number) => {
    if (path !== null) store().select(path);
    setMenu({ x, y, path });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const index = selectedRow ? entries.indexOf(selectedRow) : -1;
    const rtl = document.documentElement.dir === 'rtl';
    const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = rtl ? 'ArrowRight' : 'ArrowLeft';
    const go = (row: EntryRow | undefined) => {
      if (row) store().select(row.entry.path);
    };
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    if (event.key === 'ArrowDown') {
      handled();
      go(entries[Math.min(entries.length - 1, index + 1)]);
    } else if (event.key === 'ArrowUp') {
      handled();
      go(entries[Math.max(0, index - 1)]);
    } else if (event.key === 'Home') {
      handled();
      go(entries[0]);
    } else if (event.key === 'End') {
      handled();
      go(entries[entries.length - 1]);
    } else if (!selectedRow) {
      if (['Enter', ' ', forward, backward].includes(event.key)) {
        handled();
        go(entries[0]);
      }
    } else if (event.key === forward) {
      handled();
      if (selectedRow.entry.kind !== 'directory') return;
      if (!selectedRow.expanded) void store().expand(selectedRow.entry.path);
      else go(entries[index + 1]?.level === selectedRow.level + 1 ? entries[index + 1] : undefined);
    } else if (event.key === backward) {
      handled();
      if (selectedRow.expanded) store().collapse(selectedRow.entry.path);
      else go(entries.find((row) => row.entry.path === parentOf(selectedRow.entry.path)));
    } else if (event.key === 'Enter' || event.key === ' ') {
      handled();
      activate(selectedRow);
    } else if (event.key === 'F2') {
      handled();
      store().startRename(selectedRow.entry.path);
    } else if (event.key === 'Delete') {
      handled();
      void store()
        .requestDelete(selectedRow.entry.path)
        .then(() => treeRef.current?.focus());
    } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      handled();
      const rect = document.getElementById(rowId(selectedRow.entry.path))?.getBoundingClientRect();
      if (rect) openMenuAt(selectedRow.entry.path, rect.left + 24, rect.bottom);
    }
  };

  // Back to the tree once an edit ends, unless another one began meanwhile: a create that finishes late
  // (its folder reloads on a busy machine) must not take focus from a rename box opened since, which
  // would close it.
  const finishEdit = () => {
    if (store().edit === null) treeRef.current?.focus();
  };

  return (
    <>
      <div
        ref={treeRef}
        role="tree"
        aria-label={label}
        aria-activedescendant={selectedRow ? rowId(selectedRow.entry.path) : undefined}
        tabIndex={0}
        className="tree"
        onKeyDown={onKeyDown}
        onContextMenu={(event: MouseEvent) => {
          if (event.target !== event.currentTarget) return;
          event.preventDefault();
          openMenuAt(null, event.clientX, event.clientY);
        }}
      >
        {rows.map((row) =>
          row.type === 'create' ? (
            // biome-ignore lint/a11y/useFocusableInteractive: the tree holds the focus and points here with aria-activedescendant.
            <div
              key={`create:${row.parent}`}
              role="treeitem"
              aria-level={row.level}
              aria-selected={false}
              className="tree-row is-editing"
              style={{ paddingInlineStart: indent(row.level) }}
            >
              <IndentGuides level={row.level} />
              <span className="tree-twistie" aria-hidden="true" />
              <FileIcon path="" folder={row.kind === 'directory'} />
              <NameInput
                initial=""
                label={t(row.kind === 'file' ? 'explorer.newFileName' : 'explorer.newFolderName')}
                check={(name) => store().check(name)}
                onSubmit={async (name) => {
                  const done = await store().commitEdit(name);
                  if (done && row.kind === 'directory') finishEdit();
                  return done;
                }}
                onCancel={() => {
                  store().cancelEdit();
                  finishEdit();
                }}
              />
            </div>
          ) : (
            <TreeItem
              key={row.entry.path}
              id={rowId(row.entry.path)}
              row={row}
              indent={indent(row.level)}
              selected={row.entry.path === explorer.selected}
              current={row.entry.path === activeEditor}
              onActivate={() => {
                treeRef.current?.focus();
                activate(row);
              }}
              onMenu={(x, y) => openMenuAt(row.entry.path, x, y)}
            >
              {explorer.edit?.mode === 'rename' && explorer.edit.path === row.entry.path ? (
                <NameInput
                  initial={baseName(row.entry.path)}
                  label={t('explorer.renameLabel', { name: row.entry.name })}
                  check={(name) => store().check(name)}
                  onSubmit={async (name) => {
                    const done = await store().commitEdit(name);
                    if (done) finishEdit();
                    return done;
                  }}
                  onCancel={() => {
                    store().cancelEdit();
                    finishEdit();
                  }}
                />
              ) : null}
            </TreeItem>
          ),
        )}
      </div>
      {menu ? <ExplorerMenu path={menu.path} x={menu.x} y={menu.y} onClose={() => setMenu(null)} /> : null}
    </>
  );
}

function indent(level: number): number {
  return 8 + (level - 1) * 12;
}
