import type { Actor } from '../contracts/events.js';

/** How a caller reaches core: the Electron window, the web host's socket, or code in the same process. */
export type TransportKind = 'ipc' | 'websocket' | 'in-process';

/** One caller's connection to core, as the transport that accepted it describes it. */
export interface ConnectionInfo {
  /** Unique for core's lifetime. */
  readonly id: string;
  readonly transport: TransportKind;
  /** Who calls on it: the transport authenticated them (the launch token, the app's own window). */
  readonly actor: Actor;
}

/**
 * What every handler is told about its call: who asks, on which connection, until when the answer is
 * wanted, and a signal aborted when the caller cancels, the connection closes or the deadline passes.
 * Who acts (the approver of a decision, the owner changing controls) comes from here, never from input.
 */
export interface CallContext {
  readonly actor: Actor;
  readonly connection: ConnectionInfo;
  readonly signal: AbortSignal;
  /** Epoch milliseconds: the caller stops waiting then (the method's declared timeout from the call's start). */
  readonly deadline: number;
}
