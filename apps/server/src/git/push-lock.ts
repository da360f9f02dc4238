import { createHash } from 'node:crypto';
import type { Database } from '../db/database.js';

/** The signed 64-bit key of a repository's advisory lock. */
export function pushLockKey(tenantId: string, projectId: string): string {
  return createHash('sha256').update(`webnova-git-push:${tenantId}/${projectId}`).digest().readBigInt64BE(0).toString();
}

/**
 * How many pushes of one process hold a database connection at once (one each, for their advisory lock):
 * fewer than the pool's 5, so pushes never take every connection from the other requests.
 */
export const MAX_PUSHES_HOLDING_CONNECTIONS = 2;

/**
 * Runs `work` while holding the repository's push lock, so pushes to one repository go one at a time
 * across every replica. In the process, pushes to one repository queue first (so a queue of them waits
 * without holding connections), and at most MAX_PUSHES_HOLDING_CONNECTIONS go on to the database; on
 * PostgreSQL each then takes a transaction-scoped advisory lock, held by a transaction of its own while
 * git runs. PGlite is opened by one process alone, and a long transaction would hold its one connection
 * from every other request: the process's own queue is the lock there.
 */
export class PushLocks {
  private readonly queues = new Map<string, Promise<unknown>>();
  private holding = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly db: Database) {}

  run<T>(tenantId: string, projectId: string, work: () => Promise<T>): Promise<T> {
    const key = pushLockKey(tenantId, projectId);
    const locked =
      this.db.kind === 'postgres'
        ? () =>
            this.withConnection(() =>
              this.db.transaction({ tenantId }, async (tx) => {
                await tx.query('select pg_advisory_xact_lock($1::bigint)', [key]);
                return work();
              }),
            )
        : work;
    const before = this.queues.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(locked);
    const tail = mine.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return mine;
  }

  private async withConnection<T>(work: () => Promise<T>): Promise<T> {
    while (this.holding >= MAX_PUSHES_HOLDING_CONNECTIONS) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.holding++;
    try {
      return await work();
    } finally {
      this.holding--;
      this.waiting.shift()?.();
    }
  }
}
