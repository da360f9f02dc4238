import type { StoredEvent } from '../contracts/events.js';

export type EventHandler = (event: StoredEvent) => void | Promise<void>;

export interface Subscription {
  /** The global position of the last event handed to the handler. */
  readonly position: number;
  /** Resolves once every event committed before this call has been handled. */
  caughtUp(): Promise<void>;
  /** Stops after the event being handled, if any. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after `stop`, rejects with the handler's error. */
  readonly done: Promise<void>;
}

type ReadAfter = (position: number, limit: number) => Promise<StoredEvent[]>;

/**
 * Reads forward from a global position and hands every event, in position order, to one handler, one
 * at a time. It sleeps when it has caught up and is woken by the store after each commit. Reading
 * "everything after the last position handled" skips nothing because the store hands out positions
 * in commit order (see `APPEND_LOCK`).
 */
export class StoreSubscription implements Subscription {
  readonly done: Promise<void>;
  #position: number;
  #stopped = false;
  #dirty = true;
  #wakeUp: (() => void) | null = null;
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  constructor(
    private readonly readAfter: ReadAfter,
    afterPosition: number,
    private readonly handler: EventHandler,
    private readonly batchSize: number,
  ) {
    this.#position = afterPosition;
    this.done = this.#run();
    // `done` is for whoever wants it; an unobserved failure must not become an unhandled rejection.
    this.done.catch(() => {});
  }

  get position(): number {
    return this.#position;
  }

  /** Called by the store after each commit. */
  notify(): void {
    this.#dirty = true;
    const wakeUp = this.#wakeUp;
    this.#wakeUp = null;
    wakeUp?.();
  }

  caughtUp(): Promise<void> {
    if (this.#stopped) return this.done;
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.notify();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.notify();
    await this.done.catch(() => {});
  }

  async #run(): Promise<void> {
    try {
      while (!this.#stopped) {
        this.#dirty = false;
        // Only those who asked before this pass's first read are sure to be served by it.
        const served = this.#waiters.length;
        await this.#drain();
        for (const waiter of this.#waiters.splice(0, served)) waiter.resolve();
        if (!this.#dirty && !this.#stopped) await new Promise<void>((resolve) => (this.#wakeUp = resolve));
      }
      for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    } catch (error) {
      this.#stopped = true;
      for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
      throw error;
    }
  }

  async #drain(): Promise<void> {
    for (;;) {
      const batch = await this.readAfter(this.#position, this.batchSize);
      for (const event of batch) {
        if (this.#stopped) return;
        await this.handler(event);
        this.#position = event.globalPosition;
      }
      if (batch.length < this.batchSize) return;
    }
  }
}
