import { type KeyboardEvent, type PointerEvent, useRef } from 'react';

interface SplitterProps {
  /** `vertical`: a vertical bar that sets a width; `horizontal`: a bar that sets a height. */
  orientation: 'vertical' | 'horizontal';
  /**
   * Where the pane being sized lies: `before` the bar (inline-start, or above) or `after` it.
   * Dragging toward the pane shrinks it.
   */
  pane: 'before' | 'after';
  size: number;
  min: number;
  max: number;
  label: string;
  onResize(size: number): void;
  /** Double-click puts the pane back to its first size. */
  onReset(): void;
}

const KEY_STEP = 10;

/** A draggable, keyboard-operable bar between two panes (role=separator). */
export function Splitter({ orientation, pane, size, min, max, label, onResize, onReset }: SplitterProps) {
  const drag = useRef<{ start: number; size: number } | null>(null);
  const vertical = orientation === 'vertical';

  // In right-to-left layouts, inline-start is on the right: a drag to the right moves toward the end.
  const direction = () => (vertical && document.documentElement.dir === 'rtl' ? -1 : 1);
  const grow = (delta: number) => (pane === 'before' ? delta : -delta);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: vertical ? event.clientX : event.clientY, size };
    document.body.classList.add(vertical ? 'is-resizing-x' : 'is-resizing-y');
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    const delta = ((vertical ? event.clientX : event.clientY) - drag.current.start) * direction();
    onResize(drag.current.size + grow(delta));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
    document.body.classList.remove('is-resizing-x', 'is-resizing-y');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = vertical
      ? { ArrowLeft: -KEY_STEP * direction(), ArrowRight: KEY_STEP * direction() }
      : { ArrowUp: -KEY_STEP, ArrowDown: KEY_STEP };
    const delta = keys[event.key];
    if (delta !== undefined) {
      event.preventDefault();
      onResize(size + grow(delta));
    } else if (event.key === 'Home') {
      event.preventDefault();
      onResize(min);
    } else if (event.key === 'End') {
      event.preventDefault();
      onResize(max);
    }
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: <hr> cannot be focused and dragged; a focusable separator is the ARIA pattern.
    <div
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`splitter splitter-${orientation}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={onReset}
      onKeyDown={onKeyDown}
    />
  );
}
