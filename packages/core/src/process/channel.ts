import type { TransportKind } from '../api/call-context.js';
import type { CoreOptions } from '../api/core.js';
import type { Actor } from '../contracts/events.js';
import type { ReplyMessage } from '../contracts/wire.js';

/**
 * The messages between a host (Electron's main process, the web host) and core running in its own
 * process. The host's transports keep speaking the wire messages (`contracts/wire.ts`); this channel
 * only says on which connection each one travels. A Node IPC channel or an Electron MessagePort
 * carries them; both are JSON-safe here (a Buffer travels as base64).
 */

/** What core needs to start: everything of `CoreOptions` but the functions, which stay with the host. */
export type CoreProcessOptions = Omit<CoreOptions, 'log' | 'secretCipher'> & {
  /** The host can reach the OS keychain (Electron's safeStorage): core asks it over the channel. */
  keychain: boolean;
};

export type KeychainQuestion =
  | { op: 'isAvailable' }
  | { op: 'encrypt'; plain: string }
  | { op: 'decrypt'; sealed: string };

export type HostToCore =
  | { kind: 'start'; options: CoreProcessOptions }
  | { kind: 'connect'; connection: string; transport: TransportKind; actor: Actor }
  /** One wire message (a call or a cancel) on a connection; `seq` pairs it with its reply. */
  | { kind: 'message'; connection: string; seq: number; message: unknown }
  | { kind: 'disconnect'; connection: string }
  | { kind: 'answer'; ask: number; value?: unknown; error?: string }
  | { kind: 'close' };

export type CoreToHost =
  | { kind: 'ready' }
  | { kind: 'failed'; error: string }
  /** The answer to `seq`; null for a cancel, which has no answer of its own. */
  | { kind: 'reply'; connection: string; seq: number; reply: ReplyMessage | null }
  | { kind: 'event'; event: string; payload: unknown }
  | { kind: 'ask'; ask: number; question: KeychainQuestion }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }
  | { kind: 'closed' };

/** One end of the channel: post a message, hear the other end's. */
export interface ChannelEnd<In, Out> {
  post(message: Out): void;
  listen(listener: (message: In) => void): () => void;
}
