import type { CoreClient } from '../client';

let client: CoreClient | null = null;

/** The one CoreClient the stores talk to; set once by mountWorkbench (or by a test). */
export function connectCore(next: CoreClient): void {
  client = next;
}

export function core(): CoreClient {
  if (!client) throw new Error('WebNova core is not connected: call mountWorkbench first.');
  return client;
}
