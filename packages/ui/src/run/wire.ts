import type { CoreClient } from '../client';

/** Connects the run feature's stores to core's events and registers its commands. */
export function wireRun(_client: CoreClient): () => void {
  return () => {};
}
