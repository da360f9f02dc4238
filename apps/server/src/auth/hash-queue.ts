import { ServerError } from '../http/problem.js';

export interface HashQueueLimits {
  /** Hashes computed at once: about the cores there are; each scrypt at OWASP's cost takes 128 MiB. */
  running: number;
  /** Hashes waiting for a turn; past that, a request is refused at once rather than kept waiting. */
  waiting: number;
  /** Places (running or waiting) one client address may hold: a burst from one place leaves room. */
  perClient: number;
}

export const DEFAULT_HASH_QUEUE_LIMITS: HashQueueLimits = { running: 2, waiting: 64, perClient: 8 };

interface Job {
  client: string;
  start: () => void;
}

/**
 * Password hashing (scrypt) in turns. A hash costs ~0.45 s of a core, so a burst of logins that all
 * hashed at once would take every core and keep a real login waiting as long as the burst lasts. Here
 * at most `running` hash at once, the others wait their turn in arrival order, and a client address
 * holds at most `perClient` places: however many requests one place sends, a real login from elsewhere
 * is at most `waiting` turns away, or refused at once (RATE_LIMITED) when the queue is full.
 */
export class HashQueue {
  private running = 0;
  private readonly waiting: Job[] = [];
  private readonly places = new Map<string, number>();
  /** Hashes started since the queue was made (a figure for tests and benches). */
  started = 0;

  constructor(private readonly limits: HashQueueLimits = DEFAULT_HASH_QUEUE_LIMITS) {}

  /** Runs `hash` in its turn for `client`; throws RATE_LIMITED without running it when there is no room. */
  run<T>(client: string, hash: () => Promise<T>): Promise<T> {
    const held = this.places.get(client) ?? 0;
    const full = this.running >= this.limits.running && this.waiting.length >= this.limits.waiting;
    if (full || held >= this.limits.perClient) {
      throw new ServerError(
        'RATE_LIMITED',
        'The server is busy checking passwords: try again in a moment.',
        undefined,
        {
          'retry-after': '2',
        },
      );
    }
    this.places.set(client, held + 1);
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        this.started++;
        // The next turn is handed on before this caller hears back.
        hash()
          .finally(() => this.finish(client))
          .then(resolve, reject);
      };
      if (this.running < this.limits.running) start();
      else this.waiting.push({ client, start });
    });
  }

  /** Hashes running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private finish(client: string): void {
    this.running--;
    const held = (this.places.get(client) ?? 1) - 1;
    if (held > 0) this.places.set(client, held);
    else this.places.delete(client);
    this.waiting.shift()?.start();
  }
}
