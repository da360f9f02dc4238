import { Fragment, type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  id: string;
  label: string;
  shortcut?: string;
  disabled?: boolean;
  danger?: boolean;
  separatorBefore?: boolean;
  run(): void;
}

interface MenuProps {
  label: string;
  items: MenuItem[];
  /** Where it was asked for, in viewport pixels. */
  x: number;
  y: number;
  onClose(): void;
}

/** A context menu: arrow keys move, Enter runs, Escape or a click elsewhere closes. */
export function Menu({ label, items, x, y, onClose }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: x, top: y });

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    const rtl = document.documentElement.dir === 'rtl';
    let left = rtl ? x - width : x;
    if (left + width > window.innerWidth - 4) left = window.innerWidth - width - 4;
    if (left < 4) left = 4;
    const top = y + height > window.innerHeight - 4 ? Math.max(4, y - height) : y;
    setPosition({ left, top });
    menu.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [x, y]);

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const onPointer = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    const onBlur = () => onClose();
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('blur', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('blur', onBlur);
      if (before?.isConnected) before.focus();
    };
  }, [onClose]);

  const move = (event: KeyboardEvent, step: number | 'first' | 'last') => {
    event.preventDefault();
    const nodes = [
      ...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []),
    ];
    if (nodes.length === 0) return;
    const current = nodes.indexOf(document.activeElement as HTMLElement);
    const next =
      step === 'first' ? 0 : step === 'last' ? nodes.length - 1 : (current + step + nodes.length) % nodes.length;
    nodes[next]?.focus();
  };

  const activate = (item: MenuItem) => {
    if (item.disabled) return;
    onClose();
    item.run();
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      style={{ left: position.left, top: position.top }}
      onContextMenu={(event) => event.preventDefault()}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown') move(event, 1);
        else if (event.key === 'ArrowUp') move(event, -1);
        else if (event.key === 'Home') move(event, 'first');
        else if (event.key === 'End') move(event, 'last');
        else if (event.key === 'Escape' || event.key === 'Tab') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      {items.map((item) => (
        <Fragment key={item.id}>
          {item.separatorBefore ? <hr className="menu-separator" /> : null}
          <div
            role="menuitem"
            tabIndex={-1}
            aria-disabled={item.disabled ? 'true' : undefined}
            className={`menu-item${item.danger ? ' is-danger' : ''}`}
            onClick={() => activate(item)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                activate(item);
              }
            }}
          >
            <span className="menu-label">{item.label}</span>
            {item.shortcut ? <span className="menu-shortcut">{item.shortcut}</span> : null}
          </div>
        </Fragment>
      ))}
    </div>,
    document.body,
  );
}
