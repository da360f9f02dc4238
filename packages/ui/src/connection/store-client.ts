import type { CoreClient } from '../client';

/**
 * The client a feature's stores call core through. The feature lists it in its module and the
 * workbench hands it the one client when it wires the features; a test hands it a fake or an
 * in-process one. Calling it before that is a programming error, reported with the owner's name.
 */
export interface StoreClient {
  (): CoreClient;
  readonly owner: string;
  /** Hands over the client; returns what takes it back. */
  connect(client: CoreClient): () => void;
}

export function storeClient(owner: string): StoreClient {
  let current: CoreClient | null = null;
  const get = (() => {
    if (!current) throw new Error(`WebNova's ${owner} stores have no client: wire the workbench first.`);
    return current;
  }) as StoreClient;
  Object.defineProperty(get, 'owner', { value: owner });
  get.connect = (client) => {
    current = client;
    return () => {
      if (current === client) current = null;
    };
  };
  return get;
}
