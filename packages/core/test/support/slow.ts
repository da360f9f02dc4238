/**
 * The long runs (every seed of a fuzz, every template of a corpus, every backend of an escape corpus)
 * run in full only with WEBNOVA_SLOW_TESTS=1 (`npm run test:slow`); `npm test` and CI run a short
 * version of each, so the main job stays well inside its time on a loaded 2-core machine.
 */
export const slowTests = process.env.WEBNOVA_SLOW_TESTS === '1';

/** `short` in the main run, `full` in the slow one. */
export function sized<T>(short: T, full: T): T {
  return slowTests ? full : short;
}
