import type { ReactNode } from 'react';

/** The title row of a side bar view or pane, with its actions at the inline end. */
export function ViewHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="view-header">
      <h2 className="view-title">{title}</h2>
      {children ? <div className="view-actions">{children}</div> : null}
    </div>
  );
}
