import type { CoreClient } from '../client';

/** Connects the blueprint feature's stores to core's events and registers its commands. */
export function wireBlueprint(_client: CoreClient): () => void {
  return () => {};
}
