import type { CoreClient } from '../client';

/** Connects the inbox feature's stores to core's events and registers its commands. */
export function wireInbox(_client: CoreClient): () => void {
  return () => {};
}
