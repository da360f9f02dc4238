import type { CoreClient } from '../client';

/** Connects the ai feature's stores to core's events and registers its commands. */
export function wireAi(_client: CoreClient): () => void {
  return () => {};
}
