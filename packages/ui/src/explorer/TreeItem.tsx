import { ChevronRight } from 'lucide-react';
import type { ReactNode } from 'react';
import { FileIcon } from './FileIcon';
import { IndentGuides } from './IndentGuides';
import type { TreeRow } from './tree-rows';

interface TreeItemProps {
  id: string;
  row: Extract<TreeRow, { type: 'entry' }>;
  indent: number;
  selected: boolean;
  /** The file shown in the active editor. */
  current: boolean;
  onActivate(): void;
  onMenu(x: number, y: number): void;
  /** The rename input, when this entry is being renamed. */
  children?: ReactNode;
}

/** One row of the file tree; the tree itself handles the keyboard. */
export function TreeItem({ id, row, indent, selected, current, onActivate, onMenu, children }: TreeItemProps) {
  const { entry, level, expanded } = row;
  const folder = entry.kind === 'directory';
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the tree, which owns the focus (aria-activedescendant).
    // biome-ignore lint/a11y/useFocusableInteractive: the same: rows are pointed at, not focused.
    <div
      id={id}
      role="treeitem"
      aria-level={level}
      aria-expanded={folder ? expanded : undefined}
      aria-selected={selected}
      aria-label={entry.name}
      title={entry.path}
      className={`tree-row${selected ? ' is-selected' : ''}${current ? ' is-current' : ''}`}
      style={{ paddingInlineStart: indent }}
      onClick={(event) => {
        if (event.target instanceof HTMLInputElement) return;
        onActivate();
      }}
      onContextMenu={(event) => {
        event.preventDefault();
        event.stopPropagation();
        onMenu(event.clientX, event.clientY);
      }}
    >
      <IndentGuides level={level} />
      <span className="tree-twistie" aria-hidden="true">
        {folder ? <ChevronRight size={16} className={`chevron${expanded ? ' is-open' : ''}`} /> : null}
      </span>
      <FileIcon path={entry.path} folder={folder} open={expanded} />
      {children ?? (
        <span className="tree-label" dir="auto">
          {entry.name}
        </span>
      )}
    </div>
  );
}
