import {
  CallMessage,
  CoreError,
  coreMethods,
  isMethodName,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
  type ReplyMessage,
} from '../contracts/index.js';

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

/**
 * The single door into core. Takes any message from any transport, checks it against the API
 * table, runs the handler, and always answers with a reply message: it never throws.
 */
export function createDispatcher(handlers: Handlers, options: DispatchOptions = {}) {
  return async function dispatch(raw: unknown): Promise<ReplyMessage> {
    const message = CallMessage.safeParse(raw);
    if (!message.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
      return {
        type: 'error',
        id,
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
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>;
      const result = await handler(input.data);
      return { type: 'result', id, result };
    } catch (error) {
      if (error instanceof CoreError) return { type: 'error', id, error: error.toShape() };
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
