import type { Decision } from '../contracts/governance.js';

export type DueStep = 'expire' | 'escalate';

/** setTimeout's longest delay (about 24.8 days); longer waits are re-armed. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Expiry and escalation of unanswered decisions. Nothing here is stored: the times are the decision's
 * own `expiresAt`/`escalateAt`, so after a restart `schedule` is called again for every waiting decision
 * and whatever fell due while the app was closed fires at once.
 */
export class DecisionTimers {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly onDue: (decisionId: string, step: DueStep) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** (Re)arms the decision's next due step; a decision no longer waiting has none. */
  schedule(decision: Decision): void {
    this.cancel(decision.id);
    const next = nextDue(decision);
    if (!next) return;
    const wait = Math.max(0, next.at - this.now());
    const timer = setTimeout(
      () => {
        this.#timers.delete(decision.id);
        if (wait > MAX_DELAY) this.schedule(decision);
        else this.onDue(decision.id, next.step);
      },
      Math.min(wait, MAX_DELAY),
    );
    timer.unref?.();
    this.#timers.set(decision.id, timer);
  }

  cancel(decisionId: string): void {
    const timer = this.#timers.get(decisionId);
    if (timer) clearTimeout(timer);
    this.#timers.delete(decisionId);
  }

  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  get size(): number {
    return this.#timers.size;
  }
}

/** The step that falls due first: expiry wins a tie, and a decision already escalated only expires. */
export function nextDue(decision: Decision): { step: DueStep; at: number } | null {
  if (decision.status !== 'pending' && decision.status !== 'escalated') return null;
  const expires = decision.expiresAt ? Date.parse(decision.expiresAt) : Number.POSITIVE_INFINITY;
  const escalates =
    decision.status === 'pending' && decision.escalateAt ? Date.parse(decision.escalateAt) : Number.POSITIVE_INFINITY;
  if (expires === Number.POSITIVE_INFINITY && escalates === Number.POSITIVE_INFINITY) return null;
  return escalates < expires ? { step: 'escalate', at: escalates } : { step: 'expire', at: expires };
}
