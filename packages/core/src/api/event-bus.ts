import type { EventName, EventPayload } from '../contracts/index.js';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Core's outgoing event streams; each transport subscribes once and forwards everything. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
