import { randomUUID } from 'node:crypto';
import {
  ClientMessage,
  CoreError,
  coreMethods,
  isMethodName,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
  type ReplyMessage,
  RequestId,
} from '../contracts/index.js';
import type { CallContext, ConnectionInfo } from './call-context.js';
import { messageShapeError } from './message-limits.js';

export { MAX_MESSAGE_DEPTH } from './message-limits.js';

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>, context: CallContext) => Promise<MethodOutput<M>>;
};

export interface DispatchOptions {
  /** Called with failures that are not CoreErrors: bugs, reported as INTERNAL to the caller. */
  onInternalError?: (error: unknown, method: string) => void;
  /**
   * Holds every answer to its method's output schema; a mismatch is answered INTERNAL and reported.
   * On in tests (`WEBNOVA_CHECK_ANSWERS=1`), as the server's suites do, so the table never lies.
   */
  checkAnswers?: boolean;
}

/** A caller's open connection: its calls, and how to cancel them. */
export interface Connection {
  readonly info: ConnectionInfo;
  /** Answers a call (or `null` for a cancel, which has no answer of its own); never throws. */
  dispatch(raw: unknown): Promise<ReplyMessage | null>;
  /** The caller is gone: every call still running is aborted. */
  close(): void;
}

/** Turns a zod error into the details a caller can act on: which field, what was wrong. */
function issuesOf(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }) {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** The caller's request id when the message has a usable one, for an answer to a message refused whole. */
function requestIdOf(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return RequestId.safeParse(id).success ? (id as string) : null;
}

const fail = (id: string | null, error: CoreError): ReplyMessage => ({ type: 'error', id, error: error.toShape() });

/** Settles with the handler's answer, or with the reason the call was aborted, whichever comes first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * The single door into core. Each transport connects once per caller; every message it passes is
 * checked against the API table (shape limits first, since zod's checks are recursive and a deep
 * enough value overflows the stack), and every call runs with a `CallContext`: the connection's actor,
 * a deadline from the method's declared timeout, and a signal that a `cancel` message, the
 * connection's end or the deadline aborts. It always answers and never throws.
 */
export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}) {
  function connect(details: Omit<ConnectionInfo, 'id'>): Connection {
    const info: ConnectionInfo = { ...details, id: randomUUID() };
    const running = new Map<string, AbortController>();
    let closed = false;

    async function call(raw: unknown): Promise<ReplyMessage | null> {
      const refused = messageShapeError(raw);
      if (refused) return fail(requestIdOf(raw), refused);
      const message = ClientMessage.safeParse(raw);
      if (!message.success) {
        const error = new CoreError('INVALID_INPUT', { code: 'ERROR_NOT_A_CALL' }, issuesOf(message.error));
        return fail(requestIdOf(raw), error);
      }
      if (message.data.type === 'cancel') {
        running.get(message.data.id)?.abort(new CoreError('CANCELLED', { code: 'ERROR_CALLER_CANCELLED' }));
        return null;
      }
      const { id, method, params } = message.data;
      if (!isMethodName(method))
        return fail(id, new CoreError('UNKNOWN_METHOD', { code: 'ERROR_UNKNOWN_METHOD', params: { method } }));
      const row = coreMethods[method];
      const input = row.input.safeParse(params ?? {});
      if (!input.success) {
        return fail(
          id,
          new CoreError(
            'INVALID_INPUT',
            { code: 'ERROR_INVALID_INPUT_FOR', params: { method } },
            issuesOf(input.error),
          ),
        );
      }
      if (closed) return fail(id, new CoreError('CANCELLED', { code: 'ERROR_CONNECTION_CLOSED' }));
      if (running.has(id)) return fail(id, new CoreError('CONFLICT', { code: 'ERROR_CALL_RUNNING', params: { id } }));

      const controller = new AbortController();
      const deadline = Date.now() + row.timeoutMs;
      const timer = setTimeout(
        () =>
          controller.abort(
            new CoreError('TIMEOUT', { code: 'ERROR_CALL_TIMEOUT', params: { method, seconds: row.timeoutMs / 1000 } }),
          ),
        row.timeoutMs,
      );
      running.set(id, controller);
      const context: CallContext = { actor: info.actor, connection: info, signal: controller.signal, deadline };
      try {
        const handler = handlers[method] as (input: unknown, context: CallContext) => Promise<unknown>;
        const result = await untilAborted(handler(input.data, context), controller.signal);
        if (options.checkAnswers) {
          const checked = row.output.safeParse(result);
          if (!checked.success) {
            throw new Error(
              `The answer of ${method} does not match its output schema: ${JSON.stringify(issuesOf(checked.error))}`,
            );
          }
        }
        return { type: 'result', id, result };
      } finally {
        clearTimeout(timer);
        running.delete(id);
      }
    }

    return {
      info,
      async dispatch(raw) {
        try {
          return await call(raw);
        } catch (error) {
          const id = requestIdOf(raw);
          if (error instanceof CoreError) return fail(id, error);
          const method = String((raw as { method?: unknown } | null)?.method ?? 'the call').slice(0, 200);
          options.onInternalError?.(error, method);
          return fail(id, new CoreError('INTERNAL', { code: 'ERROR_UNEXPECTED', params: { method } }));
        }
      },
      close() {
        closed = true;
        for (const controller of running.values())
          controller.abort(new CoreError('CANCELLED', { code: 'ERROR_CALLER_GONE' }));
        running.clear();
      },
    };
  }

  return { connect };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
