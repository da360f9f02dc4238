import type { StoredEvent } from '../contracts/events.js';
import type { Decision } from '../contracts/governance.js';
import type { Projection } from '../store/projection.js';
import { applyDecisionEvent, DECISION_CATEGORY } from './decision.js';

const prefix = `${DECISION_CATEGORY}-`;

/** Every decision's current state, for the Inbox: rebuilt from the decision streams on start. */
export class DecisionsProjection implements Projection {
  readonly name = 'decisions';
  #decisions = new Map<string, Decision>();

  reset(): void {
    this.#decisions = new Map();
  }

  apply(event: StoredEvent): void {
    if (!event.streamId.startsWith(prefix)) return;
    const id = event.streamId.slice(prefix.length);
    this.#decisions.set(id, applyDecisionEvent(this.#decisions.get(id) ?? null, event));
  }

  get(id: string): Decision | undefined {
    return this.#decisions.get(id);
  }

  /** What waits for the owner (pending or escalated), oldest first. */
  awaitingReview(): Decision[] {
    return [...this.#decisions.values()]
      .filter((decision) => decision.status === 'pending' || decision.status === 'escalated')
      .sort((a, b) => a.proposedAt.localeCompare(b.proposedAt) || a.id.localeCompare(b.id));
  }

  all(): Decision[] {
    return [...this.#decisions.values()];
  }
}
