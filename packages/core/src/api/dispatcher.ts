import {
  CallMessage,
  CoreError,
  coreMethods,
  isMethodName,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
  type ReplyMessage,
  RequestId,
} from '../contracts/index.js';
import { messageShapeError } from './message-limits.js';

export { MAX_MESSAGE_DEPTH } from './message-limits.js';

export type Handlers = {
  [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>>;
};

export interface DispatchOptions {
  /** Called with failures that are not CoreErrors: bugs, reported as INTERNAL to the caller. */
  onInternalError?: (error: unknown, method: string) => void;
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

/**
 * The single door into core. Takes any message from any transport, checks it against the API
 * table, runs the handler, and always answers with a reply message: it never throws. The shape
 * limits come first, since zod's checks are recursive and a deep enough value overflows the stack.
 */
export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}) {
  async function answer(raw: unknown): Promise<ReplyMessage> {
    const refused = messageShapeError(raw);
    if (refused) return { type: 'error', id: requestIdOf(raw), error: refused.toShape() };
    const message = CallMessage.safeParse(raw);
    if (!message.success) {
      return {
        type: 'error',
        id: requestIdOf(raw),
        error: new CoreError('INVALID_INPUT', 'The message is not a valid call.', issuesOf(message.error)).toShape(),
      };
    }
    const { id, method, params } = message.data;
    if (!isMethodName(method)) {
      return { type: 'error', id, error: new CoreError('UNKNOWN_METHOD', `There is no method "${method}".`).toShape() };
    }
    const input = coreMethods[method].input.safeParse(params ?? {});
    if (!input.success) {
      return {
        type: 'error',
        id,
        error: new CoreError('INVALID_INPUT', `Invalid input for ${method}.`, issuesOf(input.error)).toShape(),
      };
    }
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { type: 'result', id, result: await handler(input.data) };
  }

  return async function dispatch(raw: unknown): Promise<ReplyMessage> {
    try {
      return await answer(raw);
    } catch (error) {
      const id = requestIdOf(raw);
      if (error instanceof CoreError) return { type: 'error', id, error: error.toShape() };
      const method = String((raw as { method?: unknown } | null)?.method ?? 'the call').slice(0, 200);
      options.onInternalError?.(error, method);
      return {
        type: 'error',
        id,
        error: new CoreError('INTERNAL', `${method} failed unexpectedly. The details are in the log.`).toShape(),
      };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
