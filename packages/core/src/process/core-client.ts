import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ConnectionInfo } from '../api/call-context.js';
import type { Core } from '../api/core.js';
import type { Connection } from '../api/dispatcher.js';
import { CoreError } from '../contracts/errors.js';
import { LOCAL_OWNER } from '../contracts/events.js';
import type { EventName, WorkspaceInfo } from '../contracts/index.js';
import type { ReplyMessage } from '../contracts/wire.js';
import type { Log } from '../settings/json-file.js';
import type { SecretCipher } from '../settings/sealed-secret.js';
import type { ChannelEnd, CoreProcessOptions, CoreToHost, HostToCore, KeychainQuestion } from './channel.js';

type CoreEnd = ChannelEnd<CoreToHost, HostToCore>;

/** A child process that runs core, as the host started it. */
export interface CoreChild {
  readonly channel: CoreEnd;
  readonly pid: number | undefined;
  /** Settles with the exit code when the process ends, however it ends. */
  readonly exited: Promise<number | null>;
  kill(): void;
}

export interface CoreProcessHost {
  options: Omit<CoreProcessOptions, 'keychain'>;
  log: Log;
  /** The OS keychain, where the host has one (Electron's safeStorage). */
  secretCipher?: SecretCipher;
  /** Called if core's process ends without being asked to: the host cannot serve without it. */
  onUnexpectedExit?(code: number | null): void;
}

/** What a host holds: core's API, in another process, behind the same `Core` interface. */
export interface RemoteCore extends Core {
  /** The process id of core, for the host's logs and for tests that check it is another process. */
  readonly pid: number | undefined;
}

const STOP_GRACE_MS = 15_000;

const requestIdOf = (raw: unknown): string | null => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
};

const coreStopped = (id: string | null): ReplyMessage => ({
  type: 'error',
  id,
  error: new CoreError('INTERNAL', { code: 'ERROR_CORE_STOPPED' }).toShape(),
});

/** A Node child process for core: `entry` runs `runCoreProcess()` (the web host's way; Electron uses a utility process). */
export function forkCoreProcess(entry: string, execArgv: string[] = []): CoreChild {
  // No ELECTRON_RUN_AS_NODE and no inherited secrets beyond what core itself reads (its key, its folders).
  const child: ChildProcess = fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid,
    channel: {
      post: (message) => {
        if (child.connected) child.send(message);
      },
      listen(listener) {
        const forward = (message: unknown) => listener(message as CoreToHost);
        child.on('message', forward);
        return () => child.off('message', forward);
      },
    },
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}

async function answerKeychain(cipher: SecretCipher | undefined, question: KeychainQuestion): Promise<unknown> {
  if (!cipher) throw new Error('This host has no keychain.');
  switch (question.op) {
    case 'isAvailable':
      return cipher.isAvailable();
    case 'encrypt':
      return (await cipher.encrypt(question.plain)).toString('base64');
    case 'decrypt':
      return cipher.decrypt(Buffer.from(question.sealed, 'base64'));
  }
}

/**
 * Starts core in the given child process and answers once it is ready. Every transport's connection
 * becomes a connection in core's process; calls and cancels travel as they are, replies come back
 * paired by sequence number, events are handed to subscribers, logs go to the host's log, and the
 * child's questions for the OS keychain are answered here. If core's process dies, every call in
 * flight is answered `INTERNAL` and the host is told.
 */
export async function startCoreProcess(child: CoreChild, host: CoreProcessHost): Promise<RemoteCore> {
  const { channel } = child;
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  /** Calls on their way, by connection and sequence: how to answer each, and the caller's request id. */
  const waiting = new Map<string, { settle: (reply: ReplyMessage | null) => void; id: string | null }>();
  let sequence = 0;
  let closing = false;
  let gone = false;
  let ready: { resolve: () => void; reject: (error: Error) => void } | null = null;
  let closed: () => void = () => {};
  const closedSignal = new Promise<void>((resolve) => {
    closed = resolve;
  });

  channel.listen((message) => {
    switch (message.kind) {
      case 'ready':
        ready?.resolve();
        break;
      case 'failed':
        ready?.reject(new Error(`Core could not start: ${message.error}`));
        break;
      case 'reply':
        waiting.get(`${message.connection}:${message.seq}`)?.settle(message.reply);
        waiting.delete(`${message.connection}:${message.seq}`);
        break;
      case 'event':
        for (const listener of listeners) listener(message.event as EventName, message.payload);
        break;
      case 'ask':
        answerKeychain(host.secretCipher, message.question).then(
          (value) => channel.post({ kind: 'answer', ask: message.ask, value }),
          (error: unknown) => channel.post({ kind: 'answer', ask: message.ask, error: String(error) }),
        );
        break;
      case 'log':
        host.log(message.level, message.message, message.fields);
        break;
      case 'closed':
        closed();
        break;
    }
  });

  void child.exited.then((code) => {
    gone = true;
    for (const { settle, id } of waiting.values()) settle(coreStopped(id));
    waiting.clear();
    ready?.reject(new Error(`Core's process ended (exit code ${code}) before it was ready.`));
    closed();
    if (!closing) host.onUnexpectedExit?.(code);
  });

  await new Promise<void>((resolve, reject) => {
    ready = { resolve, reject };
    channel.post({ kind: 'start', options: { ...host.options, keychain: Boolean(host.secretCipher) } });
  });
  ready = null;

  function connect(details: Omit<ConnectionInfo, 'id'>): Connection {
    const info: ConnectionInfo = { ...details, id: randomUUID() };
    channel.post({ kind: 'connect', connection: info.id, transport: info.transport, actor: info.actor });
    return {
      info,
      dispatch(raw) {
        const id = requestIdOf(raw);
        if (gone) return Promise.resolve(coreStopped(id));
        sequence += 1;
        const key = `${info.id}:${sequence}`;
        return new Promise<ReplyMessage | null>((resolve) => {
          waiting.set(key, { settle: resolve, id });
          channel.post({ kind: 'message', connection: info.id, seq: sequence, message: raw });
        });
      },
      close() {
        channel.post({ kind: 'disconnect', connection: info.id });
      },
    };
  }

  const own = connect({ transport: 'in-process', actor: LOCAL_OWNER });
  const dispatch = async (message: unknown): Promise<ReplyMessage> =>
    (await own.dispatch(message)) ?? {
      type: 'error',
      id: null,
      error: new CoreError('INVALID_INPUT', { code: 'ERROR_CANCEL_ON_CONNECTION' }).toShape(),
    };

  return {
    pid: child.pid,
    connect,
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async openWorkspace(root): Promise<WorkspaceInfo> {
      const reply = await dispatch({
        type: 'call',
        id: `open-${randomUUID()}`,
        method: 'workspace.open',
        params: { root },
      });
      if (reply.type === 'error') throw CoreError.fromShape(reply.error);
      return reply.result as WorkspaceInfo;
    },
    async close() {
      if (gone) return;
      closing = true;
      channel.post({ kind: 'close' });
      const timer = setTimeout(() => child.kill(), STOP_GRACE_MS);
      await Promise.race([closedSignal, child.exited]);
      clearTimeout(timer);
    },
  };
}
