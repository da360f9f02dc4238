import type { CallMessage, ReplyMessage } from '@webnova/core/contracts';

/** How a CoreClient reaches core: Electron IPC or a WebSocket. The client cannot tell which. */
export interface ClientTransport {
  send(message: CallMessage): Promise<ReplyMessage>;
  /** Tells core the answer to call `id` is no longer wanted (core aborts it and answers CANCELLED). */
  cancel(id: string): void;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /** Connection state for the status bar; IPC is always connected. */
  onStatus?(listener: (status: TransportStatus) => void): () => void;
}

/** `unauthorized`: the host refused this window's token; it stays so until the user opens the printed link. */
export type TransportStatus = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';
