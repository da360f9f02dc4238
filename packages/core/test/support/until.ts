import { setTimeout as sleep } from 'node:timers/promises';
import { onTestFailed } from 'vitest';

export interface UntilOptions {
  /** How often to look, in milliseconds (10). */
  everyMs?: number;
  /** What to print when the test fails while waiting (its timeout): the output so far, the events. */
  show?: () => unknown;
}

/**
 * Waits until `check` gives a truthy value and returns it, looking again every `everyMs`. It has no
 * deadline of its own: only the test's (or hook's) timeout ends the wait, so a loaded machine makes a
 * test slower, never wrong. Use it for what the test waits on (an event, a line of output, a file, a
 * process that ends), never for "long enough".
 */
export async function until<T>(check: () => T | Promise<T>, options: UntilOptions = {}): Promise<NonNullable<T>> {
  let waiting = true;
  if (options.show) {
    const show = options.show;
    try {
      onTestFailed(() => {
        if (waiting) console.error('still waiting when the test failed; so far:', show());
      });
    } catch {
      // Outside a test (a hook): the hook's own timeout message has to do.
    }
  }
  try {
    for (;;) {
      const value = await check();
      if (value) return value as NonNullable<T>;
      await sleep(options.everyMs ?? 10);
    }
  } finally {
    waiting = false;
  }
}
