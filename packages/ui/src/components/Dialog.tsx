import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { focusableIn, trapTab } from './focusable';

interface DialogProps {
  title: string;
  /** Escape, a click outside, or the caller's Cancel button. */
  onCancel(): void;
  children: ReactNode;
  footer?: ReactNode;
  /** What gets the focus when the dialog opens; else its first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  className?: string;
  describedBy?: string;
}

/** A modal dialog: focus moves in, stays in (Tab is trapped), and returns where it was on close. */
export function Dialog({ title, onCancel, children, footer, initialFocus, className, describedBy }: DialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    if (root) (initialFocus?.current ?? focusableIn(root)[0] ?? root).focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, [initialFocus]);

  return createPortal(
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop cancels; Escape does the same from the keyboard.
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) cancel.current();
      }}
    >
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        className={`dialog ${className ?? ''}`}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            event.preventDefault();
            cancel.current();
          } else if (ref.current) {
            trapTab(event, ref.current);
          }
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        {footer ? <div className="dialog-footer">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}
