import type { CallMessage, ErrorMessage, IpcBridge, ReplyMessage } from '@webnova/core/contracts';
import { bridgeEventNames, bridgeMethodNames, callChannel, cancelChannel, eventChannel } from './api-names.js';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, message: unknown): Promise<unknown>;
  send(channel: string, message: unknown): void;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

const methods = new Set(bridgeMethodNames);
const events = new Set(bridgeEventNames);

function errorReply(message: unknown, code: ErrorMessage['error']['code'], text: string): ErrorMessage {
  const id = (message as { id?: unknown } | null)?.id;
  return { type: 'error', id: typeof id === 'string' && id !== '' ? id : null, error: { code, message: text } };
}

/**
 * `window.webnovaBridge`: calls only the API table's methods and hears only its events. The
 * page gets no ipcRenderer, no channel names and no Electron event objects.
 */
export function createBridge(ipc: RendererIpc): IpcBridge {
  return {
    async call(message: CallMessage): Promise<ReplyMessage> {
      const method: unknown = (message as { method?: unknown } | null)?.method;
      if (typeof method !== 'string' || !methods.has(method)) {
        return errorReply(message, 'UNKNOWN_METHOD', `There is no method "${String(method)}".`);
      }
      try {
        return (await ipc.invoke(callChannel(method), message)) as ReplyMessage;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return errorReply(message, 'TRANSPORT', `${method} did not reach WebNova's core: ${reason}`);
      }
    },
    cancel(id: string): void {
      if (typeof id === 'string' && id !== '') ipc.send(cancelChannel, id);
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!events.has(event)) throw new Error(`There is no event "${String(event)}".`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      const channel = eventChannel(event);
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  };
}
