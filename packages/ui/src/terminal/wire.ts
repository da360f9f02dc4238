import type { CoreClient } from '../client';

/** Connects the terminal feature's stores to core's events and registers its commands. */
export function wireTerminal(_client: CoreClient): () => void {
  return () => {};
}
