import {
  type FocusEvent,
  type ReactElement,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { createPortal } from 'react-dom';

export type TooltipSide = 'below' | 'above' | 'inline-end';

interface Placement {
  top: number;
  left?: number;
  right?: number;
  centered: boolean;
}

const SHOW_DELAY_MS = 500;
const GAP = 6;

function place(rect: DOMRect, side: TooltipSide): Placement {
  if (side === 'inline-end') {
    const top = rect.top + rect.height / 2;
    return document.documentElement.dir === 'rtl'
      ? { top, right: window.innerWidth - rect.left + GAP, centered: false }
      : { top, left: rect.right + GAP, centered: false };
  }
  const left = rect.left + rect.width / 2;
  return { top: side === 'below' ? rect.bottom + GAP : rect.top - GAP, left, centered: true };
}

interface TooltipTriggerProps {
  onPointerEnter(): void;
  onPointerLeave(): void;
  onFocus(event: FocusEvent<HTMLElement>): void;
  onBlur(): void;
  onPointerDown(): void;
}

/**
 * Hover or keyboard focus shows a small label next to an element; the element keeps its own
 * accessible name, so the tooltip is decoration for sighted mouse users.
 */
export function useTooltip(text: ReactNode, side: TooltipSide = 'below') {
  const id = useId();
  const [placement, setPlacement] = useState<Placement | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const anchor = useRef<HTMLElement | null>(null);

  const hide = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setPlacement(null);
  }, []);

  useEffect(() => hide, [hide]);

  const showSoon = (element: HTMLElement | null, delay: number) => {
    if (!element) return;
    anchor.current = element;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (anchor.current?.isConnected) setPlacement(place(anchor.current.getBoundingClientRect(), side));
    }, delay);
  };

  const triggerProps = (ref: () => HTMLElement | null): TooltipTriggerProps => ({
    onPointerEnter: () => showSoon(ref(), SHOW_DELAY_MS),
    onPointerLeave: hide,
    onFocus: (event) => {
      if (event.currentTarget.matches(':focus-visible')) showSoon(event.currentTarget, 0);
    },
    onBlur: hide,
    onPointerDown: hide,
  });

  const tooltip: ReactElement | null = placement
    ? createPortal(
        <div
          id={id}
          role="tooltip"
          className={`tooltip tooltip-${side}${placement.centered ? ' is-centered' : ''}`}
          style={{ top: placement.top, left: placement.left, right: placement.right }}
        >
          {text}
        </div>,
        document.body,
      )
    : null;

  return { triggerProps, tooltip };
}
