import type { GitProgress } from './contract.js';

type Operation = GitProgress['operation'];

/**
 * isomorphic-git's `onProgress` as `git.progress` events: every phase change and each whole percent
 * (or each 1,000 objects when the total is unknown), so a 5,000-file pack is a few hundred events,
 * not one per object; `finish` says the transfer ended.
 */
export function progressReporter(operation: Operation, emit: (progress: GitProgress) => void) {
  let phase = '';
  let step = -1;
  return {
    onProgress(event: { phase: string; loaded: number; total?: number }) {
      const total = event.total && event.total > 0 ? event.total : null;
      const at = total ? Math.floor((event.loaded / total) * 100) : Math.floor(event.loaded / 1000);
      if (event.phase === phase && at === step) return;
      phase = event.phase;
      step = at;
      emit({ operation, phase: event.phase, loaded: Math.max(0, Math.floor(event.loaded)), total, done: false });
    },
    finish() {
      emit({ operation, phase, loaded: 0, total: null, done: true });
    },
  };
}
