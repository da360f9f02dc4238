import type { StoredEvent } from '../contracts/events.js';
import type { EventStore } from './event-store.js';
import type { Subscription } from './subscription.js';

/**
 * A read model computed from events alone, so it can always be thrown away and rebuilt from position 0.
 * `apply` sees every event of every stream in global order and ignores those it has no use for.
 */
export interface Projection {
  readonly name: string;
  /** Back to the state before the first event. */
  reset(): void;
  apply(event: StoredEvent): void;
}

/**
 * Rebuilds the projection from position 0, then keeps it current. Resolves once it has caught up with
 * every event committed before the call; stop the returned subscription to let go of it.
 */
export async function runProjection(store: EventStore, projection: Projection): Promise<Subscription> {
  projection.reset();
  const subscription = store.subscribe(0, (event) => projection.apply(event), { batchSize: 2000 });
  await subscription.caughtUp();
  return subscription;
}
