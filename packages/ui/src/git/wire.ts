import type { CoreClient } from '../client';

/** Connects the git feature's stores to core's events and registers its commands. */
export function wireGit(_client: CoreClient): () => void {
  return () => {};
}
