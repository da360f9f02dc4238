import { createHash } from 'node:crypto';
import type { Database } from '../db/database.js';

/** The signed 64-bit key of a repository's advisory lock. */
export function pushLockKey(tenantId: string, projectId: string): string {
  return createHash('sha256').update(`webnova-git-push:${tenantId}/${projectId}`).digest().readBigInt64BE(0).toString();
}

/**
 * Runs `work` while holding the repository's push lock, so pushes to one repository go one at a time
 * across every replica: on PostgreSQL a transaction-scoped advisory lock, held by a transaction of its
 * own (one pooled connection per push in flight); on PGlite, which one process alone may open and whose
 * one connection a long transaction would hold from every other request, a lock in this process.
 */
export class PushLocks {
  private readonly local = new Map<string, Promise<unknown>>();

  constructor(private readonly db: Database) {}

  run<T>(tenantId: string, projectId: string, work: () => Promise<T>): Promise<T> {
    const key = pushLockKey(tenantId, projectId);
    if (this.db.kind === 'postgres') {
      return this.db.transaction({ tenantId }, async (tx) => {
        await tx.query('select pg_advisory_xact_lock($1::bigint)', [key]);
        return work();
      });
    }
    const before = this.local.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(work);
    const tail = mine.catch(() => undefined);
    this.local.set(key, tail);
    void tail.then(() => {
      if (this.local.get(key) === tail) this.local.delete(key);
    });
    return mine;
  }
}
