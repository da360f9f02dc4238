import { CoreError } from '../contracts/errors.js';
import type { NewEvent, StoredEvent } from '../contracts/events.js';
import { type AuditEntry, AuditRecord, type AuditVerification } from '../contracts/governance.js';
// The stream and type are the sync protocol's too: the server knows a device's audit entries by them.
import { AUDIT_RECORDED, AUDIT_STREAM } from '../contracts/sync.js';
import type { AppendResult, StreamWrite } from '../store/append.js';
import type { EventStore } from '../store/event-store.js';
import { chainAuditEntry, verifyAuditChain } from './audit-chain.js';

export { AUDIT_RECORDED, AUDIT_STREAM };

/** How often an entry is re-chained when another writer of the same store got its entry in first. */
const MAX_ATTEMPTS = 5;

/** Entries read per query when verifying. */
const VERIFY_PAGE = 5000;

type Head = Pick<AuditEntry, 'seq' | 'hash'> | null;

/**
 * The audit log, kept as the `audit` stream of the event store: entry n is the stream's event n, so
 * the store's expected-version check is what keeps the chain a single line (two writers cannot both
 * add entry n), an entry can commit in the same transaction as the change it records, and the log
 * syncs like every other stream. The stream's version doubles as the anchor that catches a cut-off tail.
 */
export class AuditLog {
  #head: Head | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  /** Adds one entry to the log. */
  async record(record: AuditRecord): Promise<AuditEntry> {
    return (await this.recordWith(record, [])).entry;
  }

  /**
   * Adds one entry in the same transaction as `writes`, so a change and its entry commit together or
   * not at all. A `CONFLICT` on one of `writes` is the caller's; one on the log itself is retried.
   */
  recordWith(
    record: AuditRecord,
    writes: readonly StreamWrite[],
  ): Promise<{ entry: AuditEntry; results: AppendResult[] }> {
    const checked = AuditRecord.safeParse(record);
    if (!checked.success) {
      return Promise.reject(new CoreError('INVALID_INPUT', 'Not an audit record.', checked.error.issues));
    }
    const run = this.#queue.then(() => this.#recordNow(checked.data, writes));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Every entry, oldest first. */
  async entries(): Promise<AuditEntry[]> {
    return (await this.store.readStream(AUDIT_STREAM)).map((event) => event.data as AuditEntry);
  }

  /** Recomputes the whole chain from the store and checks it against the stream's version, on one snapshot. */
  verify(): Promise<AuditVerification> {
    return this.store.snapshot(async (reader) => {
      const count = await reader.streamVersion(AUDIT_STREAM);
      const entries: unknown[] = [];
      for (let after = 0; ; ) {
        const page = await reader.readStreamData(AUDIT_STREAM, after, VERIFY_PAGE);
        if (page.data.length === 0) break;
        for (const entry of page.data) entries.push(entry);
        after = page.lastVersion;
      }
      return verifyAuditChain(entries, { count });
    });
  }

  async #recordNow(record: AuditRecord, writes: readonly StreamWrite[]) {
    for (let attempt = 1; ; attempt++) {
      const head = this.#head === undefined ? await this.#readHead() : this.#head;
      const entry = chainAuditEntry(head, record);
      const event: NewEvent = {
        type: AUDIT_RECORDED,
        data: entry,
        meta: { actor: record.actor },
        occurredAt: record.occurredAt,
      };
      try {
        const results = await this.store.appendAll([
          ...writes,
          { streamId: AUDIT_STREAM, expectedVersion: head?.seq ?? 0, events: [event] },
        ]);
        this.#head = { seq: entry.seq, hash: entry.hash };
        return { entry, results: results.slice(0, writes.length) };
      } catch (error) {
        this.#head = undefined;
        const onTheLog =
          error instanceof CoreError &&
          error.code === 'CONFLICT' &&
          (error.details as { streamId?: string } | undefined)?.streamId === AUDIT_STREAM;
        if (!onTheLog || attempt === MAX_ATTEMPTS) throw error;
      }
    }
  }

  async #readHead(): Promise<Head> {
    const version = await this.store.streamVersion(AUDIT_STREAM);
    if (version === 0) return null;
    const [last]: StoredEvent[] = await this.store.readStream(AUDIT_STREAM, version);
    const entry = last?.data as AuditEntry | undefined;
    if (!entry) throw new CoreError('INTERNAL', `The audit log's entry ${version} is missing.`);
    return { seq: entry.seq, hash: entry.hash };
  }
}
