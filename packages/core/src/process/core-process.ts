import { type Core, createCore } from '../api/core.js';
import type { Connection } from '../api/dispatcher.js';
import { CoreError } from '../contracts/errors.js';
import type { ReplyMessage } from '../contracts/wire.js';
import type { SecretCipher } from '../settings/sealed-secret.js';
import type { ChannelEnd, CoreToHost, HostToCore, KeychainQuestion } from './channel.js';

type HostEnd = ChannelEnd<HostToCore, CoreToHost>;

/** Electron's utility process gives a `parentPort`; a Node child forked with IPC has `process.send`. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The host's end of the channel, as this process sees it. */
export function hostEnd(): HostEnd {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      listen(listener) {
        const forward = (event: { data: unknown }) => listener(event.data as HostToCore);
        parentPort.on('message', forward);
        return () => parentPort.off('message', forward);
      },
    };
  }
  if (!process.send) throw new Error('Core was started without a channel to its host (no IPC, no parentPort).');
  return {
    post: (message) => {
      if (process.connected) process.send?.(message);
    },
    listen(listener) {
      const forward = (message: unknown) => listener(message as HostToCore);
      process.on('message', forward);
      return () => process.off('message', forward);
    },
  };
}

function closedConnectionReply(raw: unknown): ReplyMessage | null {
  const message = raw as { type?: unknown; id?: unknown } | null;
  if (message?.type !== 'call') return null;
  const error = new CoreError('CANCELLED', { code: 'ERROR_CONNECTION_CLOSED' }).toShape();
  return { type: 'error', id: typeof message.id === 'string' ? message.id : null, error };
}

/** The OS keychain, asked of the host over the channel (only Electron's main process can reach it). */
function keychainThrough(host: HostEnd, asked: Map<number, (answer: { value?: unknown; error?: string }) => void>) {
  let sequence = 0;
  const ask = (question: KeychainQuestion) =>
    new Promise<unknown>((resolve, reject) => {
      sequence += 1;
      asked.set(sequence, ({ value, error }) => (error === undefined ? resolve(value) : reject(new Error(error))));
      host.post({ kind: 'ask', ask: sequence, question });
    });
  const cipher: SecretCipher = {
    isAvailable: async () => (await ask({ op: 'isAvailable' })) === true,
    encrypt: async (plain) => Buffer.from(String(await ask({ op: 'encrypt', plain })), 'base64'),
    decrypt: async (sealed) => String(await ask({ op: 'decrypt', sealed: sealed.toString('base64') })),
  };
  return cipher;
}

/**
 * Runs core in this process for a host on the other end of the channel: waits for `start`, creates
 * core, then serves each connection the host opens (its transports' clients), forwards every event,
 * logs through the host, and closes core when told to (or when the host goes away).
 */
export function runCoreProcess(host: HostEnd = hostEnd()): Promise<void> {
  let core: Core | null = null;
  const connections = new Map<string, Connection>();
  const asked = new Map<number, (answer: { value?: unknown; error?: string }) => void>();
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });

  async function start(options: Extract<HostToCore, { kind: 'start' }>['options']): Promise<void> {
    const { keychain, ...coreOptions } = options;
    core = await createCore({
      ...coreOptions,
      ...(keychain ? { secretCipher: keychainThrough(host, asked) } : {}),
      log: (level, message, fields) => host.post({ kind: 'log', level, message, ...(fields ? { fields } : {}) }),
    });
    core.subscribe((event, payload) => host.post({ kind: 'event', event, payload }));
    host.post({ kind: 'ready' });
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= closeNow();
    return closing;
  };

  async function closeNow(): Promise<void> {
    for (const connection of connections.values()) connection.close();
    connections.clear();
    await core?.close();
    host.post({ kind: 'closed' });
    stop();
    finished();
  }

  // A Node host that dies takes the IPC channel with it: core closes cleanly rather than linger.
  process.once('disconnect', () => void close());
  const stop = host.listen((message) => {
    switch (message.kind) {
      case 'start':
        start(message.options).catch((error: unknown) =>
          host.post({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
        );
        break;
      case 'connect':
        if (core)
          connections.set(message.connection, core.connect({ transport: message.transport, actor: message.actor }));
        break;
      case 'message': {
        const connection = connections.get(message.connection);
        const { seq } = message;
        // A call on a connection already closed is answered as one that was cancelled.
        const answer = connection
          ? connection.dispatch(message.message)
          : Promise.resolve(closedConnectionReply(message.message));
        void answer.then((reply) => host.post({ kind: 'reply', connection: message.connection, seq, reply }));
        break;
      }
      case 'disconnect':
        connections.get(message.connection)?.close();
        connections.delete(message.connection);
        break;
      case 'answer':
        asked.get(message.ask)?.(message);
        asked.delete(message.ask);
        break;
      case 'close':
        void close();
        break;
    }
  });
  return done;
}
