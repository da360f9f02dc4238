import type { LucideIcon } from 'lucide-react';
import { type ButtonHTMLAttributes, useRef } from 'react';
import { type TooltipSide, useTooltip } from './Tooltip';

interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  icon: LucideIcon;
  /** The accessible name, also shown as the tooltip. */
  label: string;
  /** A keybinding shown after the label, already formatted for the platform. */
  shortcut?: string | undefined;
  tooltipSide?: TooltipSide;
  iconSize?: number;
  pressed?: boolean;
}

/** A button that shows only an icon: named for screen readers, labelled by a tooltip for the eye. */
export function IconButton({
  icon: Icon,
  label,
  shortcut,
  tooltipSide = 'below',
  iconSize = 16,
  pressed,
  className,
  ...rest
}: IconButtonProps) {
  const own = useRef<HTMLButtonElement | null>(null);
  const { triggerProps, tooltip } = useTooltip(
    <>
      {label}
      {shortcut ? <span className="tooltip-shortcut">{shortcut}</span> : null}
    </>,
    tooltipSide,
  );
  return (
    <>
      <button
        type="button"
        ref={own}
        aria-label={label}
        aria-pressed={pressed}
        className={`icon-button ${className ?? ''}`}
        {...triggerProps(() => own.current)}
        {...rest}
      >
        <Icon size={iconSize} strokeWidth={1.75} aria-hidden="true" />
      </button>
      {tooltip}
    </>
  );
}
