import type { IpcBridge } from '@webnova/core/contracts';
import type { ClientTransport } from './transport';

/** Electron's transport: the preload's bridge already speaks the wire messages. */
export function createIpcTransport(bridge: IpcBridge): ClientTransport {
  return {
    send: (message) => bridge.call(message),
    cancel: (id) => bridge.cancel(id),
    subscribe: (event, listener) => bridge.on(event, listener),
  };
}
