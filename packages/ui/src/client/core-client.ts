import {
  type CallMessage,
  CoreError,
  coreMethods,
  type EventName,
  type EventPayload,
  isMethodName,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type ReplyMessage,
} from '@webnova/core/contracts';
import type { ClientTransport, TransportStatus } from './transport';

export interface CoreClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onStatus(listener: (status: TransportStatus) => void): () => void;
}

let sequence = 0;
function nextRequestId(): string {
  sequence += 1;
  return `${Date.now().toString(36)}-${sequence.toString(36)}`;
}

/**
 * Core answers TIMEOUT itself at a method's deadline; the client waits this much longer before it gives
 * up on an answer that never comes (a core that hangs), so a late answer from a working core is never dropped.
 */
const GRACE_MS = 10_000;

/** The transport's answer, or TIMEOUT (after asking core to cancel) once the method's deadline and the grace have passed. */
function answerOf(transport: ClientTransport, message: CallMessage & { method: MethodName }): Promise<ReplyMessage> {
  const waitMs = coreMethods[message.method].timeoutMs + GRACE_MS;
  return new Promise<ReplyMessage>((resolve) => {
    const timer = setTimeout(() => {
      transport.cancel(message.id);
      const seconds = Math.round(coreMethods[message.method].timeoutMs / 1000);
      resolve({
        type: 'error',
        id: message.id,
        error: new CoreError('TIMEOUT', `${message.method} did not answer within ${seconds} s.`).toShape(),
      });
    }, waitMs);
    transport.send(message).then((reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

/**
 * The typed client the UI talks to, over either transport alike. Inputs are checked by core at the
 * boundary; replies that are errors become thrown CoreErrors with the code core chose. How long to
 * wait is each method's own row in the API table (`ai.plan` may take minutes, `fs.read` not).
 */
export function createCoreClient(transport: ClientTransport): CoreClient {
  return {
    async call(method, input) {
      if (!isMethodName(method)) throw new CoreError('UNKNOWN_METHOD', `Unknown method ${String(method)}`);
      const reply = await answerOf(transport, { type: 'call', id: nextRequestId(), method, params: input });
      if (reply.type === 'error') throw CoreError.fromShape(reply.error);
      return reply.result as MethodOutput<typeof method>;
    },
    on(event, listener) {
      return transport.subscribe(event, (payload) => listener(payload as EventPayload<typeof event>));
    },
    onStatus(listener) {
      if (!transport.onStatus) {
        listener('connected');
        return () => {};
      }
      return transport.onStatus(listener);
    },
  };
}
