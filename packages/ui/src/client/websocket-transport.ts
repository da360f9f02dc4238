import {
  type CallMessage,
  type CancelMessage,
  CoreError,
  type ReplyMessage,
  ServerMessage,
} from '@webnova/core/contracts';
import type { ClientTransport, TransportStatus } from './transport';

const refused = new CoreError('UNAUTHORIZED', 'The web host refused this window’s access token.');
const MAX_BACKOFF_MS = 5_000;

export interface WebSocketTransportOptions {
  /** Subprotocols to offer: the web host reads its token from one (a browser sets no other header on a WebSocket). */
  protocols?: string[];
  /**
   * Asked when a socket closed before it ever opened. A browser cannot read why an upgrade failed, so
   * this asks the host whether it refuses our token (true): then retrying cannot help.
   */
  isRefused?: () => Promise<boolean>;
}

/**
 * The web host's transport. Calls made while (re)connecting wait for the socket; calls in flight
 * when the socket drops fail with TRANSPORT, since core may or may not have run them. A refused
 * token is final: status `unauthorized`, every call answered UNAUTHORIZED, no more retries.
 */
export function createWebSocketTransport(url: string, options: WebSocketTransportOptions = {}): ClientTransport {
  const pending = new Map<string, (reply: ReplyMessage) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: TransportStatus) => void>();
  const queue: string[] = [];
  let socket: WebSocket | null = null;
  let status: TransportStatus = 'connecting';
  let backoff = 250;

  const setStatus = (next: TransportStatus) => {
    status = next;
    for (const l of statusListeners) l(next);
  };

  const settle = (reply: ReplyMessage) => {
    if (reply.id === null) return;
    const resolve = pending.get(reply.id);
    if (!resolve) return;
    pending.delete(reply.id);
    resolve(reply);
  };

  const failInFlight = (error: CoreError) => {
    for (const [id, resolve] of pending) resolve({ type: 'error', id, error: error.toShape() });
    pending.clear();
    queue.length = 0;
  };

  const refuse = () => {
    setStatus('unauthorized');
    failInFlight(refused);
  };

  const retry = () => {
    setStatus('disconnected');
    failInFlight(new CoreError('TRANSPORT', 'The connection to WebNova core was lost.'));
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };

  const parse = (data: unknown) => {
    try {
      return ServerMessage.safeParse(JSON.parse(String(data)));
    } catch {
      return { success: false as const };
    }
  };

  function connect() {
    setStatus('connecting');
    const ws = new WebSocket(url, options.protocols);
    let opened = false;
    socket = ws;
    ws.onopen = () => {
      opened = true;
      backoff = 250;
      setStatus('connected');
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (event) => {
      const parsed = parse(event.data);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'event') {
        for (const l of listeners.get(message.event) ?? []) l(message.payload);
      } else {
        settle(message);
      }
    };
    // A failed socket always closes next, which is where it is handled; an unheard error is noise at best.
    ws.onerror = () => {};
    ws.onclose = () => {
      socket = null;
      if (opened || !options.isRefused) {
        retry();
        return;
      }
      // The host refuses a bad token before upgrading (401), which a page only sees as a failed socket.
      options.isRefused().then(
        (isRefused) => (isRefused ? refuse() : retry()),
        () => retry(),
      );
    };
  }
  connect();

  function sendFrame(message: CallMessage | CancelMessage): void {
    const frame = JSON.stringify(message);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
    else queue.push(frame);
  }

  return {
    send(message: CallMessage) {
      if (status === 'unauthorized') {
        return Promise.resolve<ReplyMessage>({ type: 'error', id: message.id, error: refused.toShape() });
      }
      return new Promise<ReplyMessage>((resolve) => {
        pending.set(message.id, resolve);
        sendFrame(message);
      });
    },
    cancel(id) {
      // The caller has stopped waiting: its answer, if one comes, is dropped here, and core stops the work.
      const resolve = pending.get(id);
      if (!resolve) return;
      pending.delete(id);
      sendFrame({ type: 'cancel', id } satisfies CancelMessage);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
