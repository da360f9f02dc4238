import type { AuditEntry } from '../contracts/governance.js';
import type { SystemMessage } from '../contracts/messages/system-message.js';
import { type DeviceRecord, SYNC_MAX_PUSH_BYTES, SYNC_MAX_PUSH_EVENTS } from '../contracts/sync.js';
import type { AuditAnchor } from '../governance/audit-chain.js';
import type { Log } from '../settings/json-file.js';
import type { EventStore } from '../store/event-store.js';
import type { SyncAccount, SyncState, SyncStatus } from './contract.js';
import { Outbox } from './outbox.js';
import { openPokeSocket } from './poke-socket.js';
import { SyncFailure, type SyncServerClient } from './server-client.js';
import { TenantLog } from './tenant-log.js';

/** The server's refusal of one of this device's changes to a stream, as governance is told of it. */
export interface StreamRefusal {
  streamId: string;
  type: string;
  code: string;
  message: string;
}

/** setTimeout as the engine uses it, so tests can drive it with a fake clock. */
export interface SyncTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncEngineOptions {
  store: EventStore;
  account: SyncAccount;
  credential: string;
  client: SyncServerClient;
  log: Log;
  onChange(status: SyncStatus): void;
  /**
   * The server's word on these streams changed here: a pull brought their events, or a push was refused
   * some of this device's changes to them. Governance reads them again (and runs what is now approved).
   */
  onSynced?(streamIds: readonly string[], refusals?: readonly StreamRefusal[]): Promise<void>;
  timers?: SyncTimers;
  /** 0 ≤ x < 1, for the back-off's jitter. */
  random?: () => number;
}

/** After a failure the next round waits 1 s, 2 s, 4 s… up to 5 minutes, ±20%, or what the server asked. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 5 * 60_000;
/** Without a poke, a healthy device still pulls this often. */
const PULL_EVERY_MS = 60_000;
/** Why the engine is offline or stopped: in English (logs, the CLI) and as a message (the window's language). */
interface Problem {
  text: string;
  message: SystemMessage;
}
const problem = (code: string, text: string, params?: SystemMessage['params']): Problem => ({
  text,
  message: params ? { code, params } : { code },
});
const REVOKED = problem('SYNC_PROBLEM_REVOKED', 'The server revoked this device. Sign in again to sync.');
const notAccepted = (reason: string) =>
  problem('SYNC_PROBLEM_NOT_ACCEPTED', `The server no longer accepts this device; sign in again to sync (${reason})`, {
    reason,
  });
const UNEXPECTED = problem('SYNC_PROBLEM_UNEXPECTED', 'Sync failed unexpectedly; it will try again.');

/** A failure to reach or be answered by the server, as the status says it. */
function problemOf(error: SyncFailure, server: string): Problem {
  switch (error.kind) {
    case 'offline':
      return problem('SYNC_PROBLEM_UNREACHABLE', error.message, { server });
    case 'busy':
      return problem('SYNC_PROBLEM_BUSY', error.message, { server });
    case 'revoked':
      return REVOKED;
    case 'unauthorized':
      return notAccepted(error.message);
    default:
      return problem('SYNC_PROBLEM_REFUSED', error.message, { reason: error.message });
  }
}
/** Local appends within this time go out in one push. */
const PUSH_SOON_MS = 250;

/**
 * One signed-in device's sync: rounds of push (number what this device wrote, send it in batches the
 * server's limits allow, keep its answers) then pull (until the server says there is no more). A round
 * runs when something is appended locally, when asked, on a timer, and after a failure with back-off;
 * rounds never overlap, and one asked for while another runs follows it. Nothing here is lost to a
 * crash: numbers, answers, pulled events and the cursor are all in the store.
 */
export class SyncEngine {
  readonly #options: SyncEngineOptions;
  readonly #timers: SyncTimers;
  readonly outbox: Outbox;
  readonly log: TenantLog;
  #state: SyncState = 'syncing';
  #problem: Problem | null = null;
  #failures = 0;
  #running: Promise<void> | null = null;
  #again = false;
  #timer: unknown = null;
  #stopped = false;
  #unsubscribe: (() => void) | null = null;
  /** Where the copy of the tenant's log stood after the last pull: a poke at or below it is old news. */
  #cursor = 0;
  #poke: { close(): void } | null = null;
  #pokeTimer: unknown = null;
  #pokeFailures = 0;

  constructor(options: SyncEngineOptions) {
    this.#options = options;
    this.#timers = options.timers ?? { setTimeout, clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) };
    this.outbox = new Outbox(options.store, options.account.userId);
    this.log = new TenantLog(options.store);
  }

  /** Starts following local appends and runs a first round. */
  async start(): Promise<void> {
    const head = await this.#options.store.headPosition();
    const subscription = this.#options.store.subscribe(head, async () => this.#soon(PUSH_SOON_MS));
    this.#unsubscribe = () => void subscription.stop();
    this.#cursor = (await this.log.state())?.cursor ?? 0;
    this.#openPoke();
    this.#soon(0);
  }

  /** Listens for the server's pokes; reconnects with back-off, and stops for a credential it refuses. */
  #openPoke(): void {
    this.#pokeTimer = null;
    if (this.#stopped || this.#state === 'stopped') return;
    const { account, credential } = this.#options;
    this.#poke = openPokeSocket(account.server, credential, {
      poke: (position) => {
        this.#pokeFailures = 0;
        if (position > this.#cursor) this.#soon(0);
      },
      closed: (refused) => {
        this.#poke = null;
        if (refused) {
          void this.#set('stopped', refused === 'revoked' ? REVOKED : notAccepted(refused));
          return;
        }
        if (this.#stopped) return;
        this.#pokeFailures += 1;
        this.#pokeTimer = this.#timers.setTimeout(() => this.#openPoke(), this.#delay(this.#pokeFailures));
      },
    });
  }

  /**
   * Runs a round now (after the one running, if any) and answers when it is done; `only` runs just its
   * push or just its pull (the CLI's `sync push`, `sync pull`).
   */
  async syncNow(only?: 'push' | 'pull'): Promise<SyncStatus> {
    this.#schedule(null);
    await this.#running?.catch(() => undefined);
    if (only) {
      this.#running = this.#roundNow(only).finally(() => {
        this.#running = null;
      });
      await this.#running;
    } else {
      await this.#round();
    }
    return this.status();
  }

  /**
   * The devices the server lets this device's user see. A refused credential stops the engine as a
   * round would; the failure is thrown for the caller to show.
   */
  /** Who this engine syncs as. */
  get account(): SyncAccount {
    return this.#options.account;
  }

  async devices(signal?: AbortSignal): Promise<DeviceRecord[]> {
    return (await this.#ask((client, credential) => client.devices(credential, signal))).devices;
  }

  /**
   * The tenant's whole audit chain, a page at a time, and the count and head hash the tenant recorded
   * when the last page was read (entries appended meanwhile are in it: the pages only grow).
   */
  async tenantAudit(signal?: AbortSignal): Promise<{ entries: AuditEntry[]; anchor: AuditAnchor }> {
    const entries: AuditEntry[] = [];
    for (;;) {
      const after = entries.at(-1)?.seq ?? 0;
      const page = await this.#ask((client, credential) => client.audit(credential, after, undefined, signal));
      entries.push(...page.entries);
      if (!page.more || page.entries.length === 0)
        return { entries, anchor: { count: page.count, headHash: page.headHash } };
    }
  }

  /** One call to the server outside a round: a refused credential stops the engine as a round would. */
  async #ask<T>(call: (client: SyncServerClient, credential: string) => Promise<T>): Promise<T> {
    try {
      return await call(this.#options.client, this.#options.credential);
    } catch (error) {
      if (error instanceof SyncFailure && (error.kind === 'unauthorized' || error.kind === 'revoked')) {
        await this.#failed(error);
      }
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#schedule(null);
    if (this.#pokeTimer !== null) this.#timers.clearTimeout(this.#pokeTimer);
    this.#poke?.close();
    this.#poke = null;
    this.#unsubscribe?.();
    await this.#running?.catch(() => undefined);
  }

  async status(): Promise<SyncStatus> {
    const { account } = this.#options;
    const [waiting, refused, state] = await Promise.all([
      this.outbox.waitingCount(),
      this.outbox.refused(1000),
      this.log.state(),
    ]);
    return {
      state: this.#state === 'synced' && refused.length > 0 ? 'conflict' : this.#state,
      account,
      waiting,
      refused: refused.length,
      cursor: state?.cursor ?? 0,
      lastPushAt: state?.pushedAt ?? null,
      lastPullAt: state?.pulledAt ?? null,
      problem: this.#problem?.text ?? null,
      problemMessage: this.#problem?.message ?? null,
    };
  }

  #soon(ms: number): void {
    if (this.#stopped || this.#state === 'stopped') return;
    this.#schedule(ms);
  }

  #schedule(ms: number | null): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = ms === null ? null : this.#timers.setTimeout(() => void this.#round(), ms);
  }

  async #round(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#timer = null;
    this.#running = this.#roundNow().finally(() => {
      this.#running = null;
    });
    await this.#running;
    if (this.#again && !this.#stopped) {
      this.#again = false;
      await this.#round();
    }
  }

  async #roundNow(only?: 'push' | 'pull'): Promise<void> {
    if (this.#stopped || this.#state === 'stopped') return;
    await this.#set('syncing', null);
    try {
      if (only !== 'pull') await this.#push();
      if (only !== 'push') await this.#pull();
      this.#failures = 0;
      await this.#set('synced', null);
      this.#soon(PULL_EVERY_MS);
    } catch (error) {
      await this.#failed(error);
    }
  }

  async #push(): Promise<void> {
    const { client, credential, account } = this.#options;
    let resent = false;
    for (;;) {
      await this.outbox.number();
      const waiting = await this.outbox.waiting(SYNC_MAX_PUSH_EVENTS);
      if (waiting.length === 0) return;
      const batch = fitBatch(waiting.map((event) => this.outbox.toPushed(event)));
      try {
        const answer = await client.push(credential, { deviceId: account.deviceId, events: batch });
        await this.outbox.record(answer.outcomes);
        const bySeq = new Map(batch.map((pushed) => [pushed.seq, pushed]));
        const refusals = answer.outcomes.flatMap((outcome): StreamRefusal[] => {
          const event = outcome.status === 'refused' ? bySeq.get(outcome.seq) : undefined;
          return event && outcome.status === 'refused'
            ? [{ streamId: event.streamId, type: event.type, code: outcome.code, message: outcome.message }]
            : [];
        });
        await this.#synced(
          refusals.map((refusal) => refusal.streamId),
          refusals,
        );
        if (answer.outcomes.length === 0) return;
      } catch (error) {
        const lastSeq = gapOf(error);
        // Once a round: a server that still sees a gap after the resend is not one this device can fix.
        if (lastSeq === null || resent) throw error;
        resent = true;
        // The server holds less than this device thought: send again from where it stands.
        this.#options.log('warn', 'The sync server holds fewer of this device’s events than it answered; resending.', {
          lastSeq,
        });
        await this.outbox.resendAfter(lastSeq);
      }
    }
  }

  async #pull(): Promise<void> {
    const { client, credential } = this.#options;
    for (;;) {
      const state = await this.log.state();
      const after = state?.cursor ?? 0;
      const answer = await client.pull(credential, after);
      this.#cursor = await this.log.apply(after, answer);
      await this.#synced(answer.events.map((event) => event.streamId));
      if (!answer.more) return;
    }
  }

  async #synced(streamIds: readonly string[], refusals: readonly StreamRefusal[] = []): Promise<void> {
    if (streamIds.length === 0 || !this.#options.onSynced) return;
    // What governance makes of them is its own: a failure there is logged, and sync goes on.
    await this.#options.onSynced([...new Set(streamIds)], refusals).catch((error: unknown) => {
      this.#options.log('error', 'Governance could not take in what sync brought', { error: String(error) });
    });
  }

  async #failed(error: unknown): Promise<void> {
    if (!(error instanceof SyncFailure)) {
      this.#options.log('error', 'Sync failed unexpectedly', {
        error: error instanceof Error ? error.stack : String(error),
      });
      this.#failures += 1;
      await this.#set('offline', UNEXPECTED);
      this.#soon(this.#delay(this.#failures));
      return;
    }
    if (error.kind === 'unauthorized' || error.kind === 'revoked') {
      await this.#set('stopped', problemOf(error, this.#options.account.server));
      this.#poke?.close();
      return;
    }
    this.#failures += 1;
    await this.#set('offline', problemOf(error, this.#options.account.server));
    this.#soon(error.retryAfter !== undefined ? error.retryAfter * 1000 : this.#delay(this.#failures));
  }

  /** The wait after the n-th failure in a row. */
  #delay(failures: number): number {
    const base = Math.min(RETRY_FIRST_MS * 2 ** (failures - 1), RETRY_MAX_MS);
    const jitter = 1 + ((this.#options.random ?? Math.random)() * 0.4 - 0.2);
    return Math.round(base * jitter);
  }

  async #set(state: SyncState, problem: Problem | null): Promise<void> {
    const changed = state !== this.#state || problem?.text !== this.#problem?.text;
    this.#state = state;
    this.#problem = problem;
    if (changed || state === 'synced') this.#options.onChange(await this.status());
  }
}

/** As many of the waiting events, in order, as fit the server's body limit (at least one). */
function fitBatch<T>(events: readonly T[]): T[] {
  const batch: T[] = [];
  // Room for the envelope around the events.
  let bytes = 200;
  for (const event of events) {
    const size = Buffer.byteLength(JSON.stringify(event)) + 1;
    if (batch.length > 0 && bytes + size > SYNC_MAX_PUSH_BYTES) break;
    batch.push(event);
    bytes += size;
  }
  return batch;
}

/** The server's `lastSeq` when it refused a push for a gap in this device's numbers. */
function gapOf(error: unknown): number | null {
  if (!(error instanceof SyncFailure) || error.problem?.code !== 'SEQ_GAP') return null;
  const lastSeq = (error.problem.details as { lastSeq?: unknown } | undefined)?.lastSeq;
  return typeof lastSeq === 'number' && Number.isInteger(lastSeq) && lastSeq >= 0 ? lastSeq : null;
}
