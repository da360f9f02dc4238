import { join } from 'node:path';
import { CoreError } from '../contracts/errors.js';
import type { NewEvent, StoredEvent } from '../contracts/events.js';
import { makePrivateFolder } from '../settings/private-folder.js';
import { type AppendResult, appendInTransaction, prepareWrites, type StreamWrite } from './append.js';
import { defaultMigrationsFolder, type OpenDatabase, openPgliteDatabase, type StoreDatabase } from './database.js';
import { StoreReader } from './reader.js';
import { device } from './schema.js';
import { type EventHandler, StoreSubscription, type Subscription } from './subscription.js';
import { uuid7 } from './uuid7.js';

export interface EventStoreOptions {
  /** The tenant stamped on new events; `local` until the desktop is connected to a server. */
  tenantId?: string;
  migrationsFolder?: string;
}

export interface SubscribeOptions {
  /** Events read per query while catching up. */
  batchSize?: number;
}

/** A caller-chosen event id that is already stored, surfaced from the driver's error chain. */
function isDuplicateEventId(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { code, constraint } = cause as { code?: unknown; constraint?: unknown };
    if (code === '23505' && constraint === 'events_id_unique') return true;
  }
  return false;
}

async function deviceIdOf(db: StoreDatabase): Promise<string> {
  await db.insert(device).values({ deviceId: uuid7() }).onConflictDoNothing();
  const [row] = await db.select({ deviceId: device.deviceId }).from(device);
  if (!row) throw new Error('The store has no device row right after writing it.');
  return row.deviceId;
}

/**
 * The embedded event store: streams of events with optimistic concurrency, read back by stream or in
 * global order, followed by subscriptions. Runs on PGlite in `<dataDir>/store`.
 */
export class EventStore {
  readonly #subscriptions = new Set<StoreSubscription>();
  readonly #reader: StoreReader;
  #closed = false;

  private constructor(
    /** The store's tables, for projections that keep their own and for tests that tamper with them. */
    readonly db: StoreDatabase,
    private readonly database: Omit<OpenDatabase, 'db'>,
    readonly tenantId: string,
    readonly deviceId: string,
    /** How long `open` took, for the boot log. */
    readonly openMs: number,
  ) {
    this.#reader = new StoreReader(db);
  }

  /**
   * Opens the store in `<dataDir>/store`, creating and migrating it on first use (~2.5 s; ~0.2 s after
   * that). PGlite yields to the event loop while it starts (the longest pause measured is ~0.15 s, on
   * first use), so the window stays responsive: start this before the window opens and await it later.
   */
  static async open(dataDir: string, options: EventStoreOptions = {}): Promise<EventStore> {
    const started = performance.now();
    await makePrivateFolder(dataDir);
    const { db, ...database } = await openPgliteDatabase(
      join(dataDir, 'store'),
      options.migrationsFolder ?? defaultMigrationsFolder,
    );
    try {
      const deviceId = await deviceIdOf(db);
      return new EventStore(db, database, options.tenantId ?? 'local', deviceId, performance.now() - started);
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  /** Appends events to one stream if it is at `expectedVersion` (0: the stream must not exist yet). */
  async append(streamId: string, expectedVersion: number, newEvents: readonly NewEvent[]): Promise<AppendResult> {
    const [result] = await this.appendAll([{ streamId, expectedVersion, events: newEvents }]);
    if (!result) throw new Error('An append of one stream returned no result.');
    return result;
  }

  /**
   * Appends to several streams in one transaction: all of them or, when any stream has moved past its
   * expected version (`CONFLICT`), none.
   */
  async appendAll(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.#checkOpen();
    const prepared = prepareWrites(writes, { tenantId: this.tenantId, deviceId: this.deviceId });
    let results: AppendResult[];
    try {
      const options = { tenantId: this.tenantId, lockPositions: !this.database.oneConnection };
      results = await this.db.transaction((tx) => appendInTransaction(tx, prepared, options));
    } catch (error) {
      if (!isDuplicateEventId(error)) throw error;
      throw new CoreError('ALREADY_EXISTS', 'An event with one of these ids is stored already.');
    }
    for (const subscription of this.#subscriptions) subscription.notify();
    return results;
  }

  /** The stream's current version: the number of events in it, 0 when it does not exist. */
  async streamVersion(streamId: string): Promise<number> {
    return this.#read().streamVersion(streamId);
  }

  /** The stream's events from `fromVersion` (1 is the first) on, in order. */
  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    return this.#read().readStream(streamId, fromVersion);
  }

  /** Up to `limit` events of every stream after `afterPosition` (0: from the start), in global order. */
  async readAll(afterPosition = 0, limit = 1000): Promise<StoredEvent[]> {
    return this.#read().readAll(afterPosition, limit);
  }

  /** The global position of the newest event, 0 when the store is empty. */
  async headPosition(): Promise<number> {
    return this.#read().headPosition();
  }

  /** Runs several reads on one consistent snapshot: no append commits in between as far as they can tell. */
  async snapshot<T>(reads: (reader: StoreReader) => Promise<T>): Promise<T> {
    this.#checkOpen();
    return this.db.transaction((tx) => reads(new StoreReader(tx)), {
      isolationLevel: 'repeatable read',
      accessMode: 'read only',
    });
  }

  /** Hands every event after `afterPosition`, then every new one, to `handler`, in global order. */
  subscribe(afterPosition: number, handler: EventHandler, options: SubscribeOptions = {}): Subscription {
    this.#checkOpen();
    const subscription = new StoreSubscription(
      (position, limit) => this.readAll(position, limit),
      afterPosition,
      handler,
      options.batchSize ?? 500,
    );
    this.#subscriptions.add(subscription);
    subscription.done.finally(() => this.#subscriptions.delete(subscription)).catch(() => {});
    return subscription;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
    await this.database.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new CoreError('INTERNAL', 'The event store is closed.');
  }

  #read(): StoreReader {
    this.#checkOpen();
    return this.#reader;
  }
}
