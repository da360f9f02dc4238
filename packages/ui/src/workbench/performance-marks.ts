/** Marks the benchmarks read with performance.getEntriesByName. */
export const PERFORMANCE_MARKS = {
  /** The workbench's first render has been committed. */
  shellReady: 'webnova:shell-ready',
  /** Monaco is on screen with a file in it. */
  editorReady: 'webnova:editor-ready',
} as const;

const marked = new Set<string>();

export function markOnce(name: string): void {
  if (marked.has(name) || typeof performance === 'undefined') return;
  marked.add(name);
  performance.mark(name);
}
