import {
  CoreError,
  type EventName,
  type EventPayload,
  isMethodName,
  type MethodInput,
  type MethodName,
  type MethodOutput,
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
 * The typed client the UI talks to. Inputs are checked by core at the boundary; replies that are
 * errors become thrown CoreErrors with the code core chose.
 */
export function createCoreClient(transport: ClientTransport): CoreClient {
  return {
    async call(method, input) {
      if (!isMethodName(method)) throw new CoreError('UNKNOWN_METHOD', `Unknown method ${String(method)}`);
      const reply = await transport.send({ type: 'call', id: nextRequestId(), method, params: input });
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
