import { z } from 'zod';
import { CoreErrorShape } from './errors.js';

/**
 * Messages on a transport. Every call carries a request id chosen by the caller; the answer
 * carries the same id. Events carry no id.
 */
export const RequestId = z.string().min(1).max(100);

export const CallMessage = z.object({
  type: z.literal('call'),
  id: RequestId,
  method: z.string().max(200),
  params: z.unknown(),
});
export type CallMessage = z.infer<typeof CallMessage>;

/** The caller no longer wants the answer to call `id` (it timed out, or the user stopped it): core aborts it. */
export const CancelMessage = z.object({ type: z.literal('cancel'), id: RequestId });
export type CancelMessage = z.infer<typeof CancelMessage>;

/** What a client sends: a call, or the cancellation of one it made. */
export const ClientMessage = z.discriminatedUnion('type', [CallMessage, CancelMessage]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ResultMessage = z.object({ type: z.literal('result'), id: RequestId, result: z.unknown() });
export const ErrorMessage = z.object({ type: z.literal('error'), id: RequestId.nullable(), error: CoreErrorShape });
export const EventMessage = z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() });

export type ResultMessage = z.infer<typeof ResultMessage>;
export type ErrorMessage = z.infer<typeof ErrorMessage>;
export type EventMessage = z.infer<typeof EventMessage>;
export type ReplyMessage = ResultMessage | ErrorMessage;

export const ServerMessage = z.discriminatedUnion('type', [ResultMessage, ErrorMessage, EventMessage]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Names of the Electron IPC channels, derived from the API table's names. */
export const ipcChannel = {
  call: (method: string) => `webnova:call:${method}`,
  cancel: 'webnova:cancel',
  event: (event: string) => `webnova:event:${event}`,
};

/**
 * What the Electron preload exposes on `window.webnovaBridge`: one call and one subscribe, each
 * refusing any name that is not in the API table.
 */
export interface IpcBridge {
  call(message: CallMessage): Promise<ReplyMessage>;
  /** Asks core to stop a call made through `call` (its answer then is `CANCELLED`). */
  cancel(id: string): void;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
