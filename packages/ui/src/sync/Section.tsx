import { type ReactNode, useId } from 'react';

/** A titled part of the Sync view. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="sync-section" aria-labelledby={id}>
      <h3 id={id} className="section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}
