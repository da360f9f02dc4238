import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: LucideIcon;
  title?: string;
  text: string;
  children?: ReactNode;
}

/** What a view shows while it has nothing: what will appear here, never made-up content. */
export function EmptyState({ icon: Icon, title, text, children }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <Icon size={32} strokeWidth={1.25} aria-hidden="true" className="empty-state-icon" />
      {title ? <p className="empty-state-title">{title}</p> : null}
      <p className="empty-state-text">{text}</p>
      {children}
    </div>
  );
}
