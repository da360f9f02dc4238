import type { WebSocket } from 'ws';

/** A signed-in socket listening to one tenant. */
interface Listener {
  socket: WebSocket;
  userId: string;
  sessionId: string;
  /** Closes the socket when the session runs out. */
  expiry: NodeJS.Timeout;
}

/** The close code for "your session ended": the client should log in again rather than reconnect. */
export const SESSION_ENDED = 4401;

/**
 * The sockets listening to each tenant, told of every change after it commits. In memory: one server
 * process (several would relay through Postgres LISTEN/NOTIFY). A session that ends (logout, suspension,
 * expiry) has its sockets closed at once, so a socket never outlives the access it was opened with.
 */
export class NotificationHub {
  private readonly tenants = new Map<string, Set<Listener>>();

  add(tenantId: string, socket: WebSocket, who: { userId: string; sessionId: string; expiresAt: Date }): void {
    const delay = Math.max(0, Math.min(who.expiresAt.getTime() - Date.now(), 2 ** 31 - 1));
    const listener: Listener = {
      socket,
      userId: who.userId,
      sessionId: who.sessionId,
      expiry: setTimeout(() => socket.close(SESSION_ENDED, 'The session has ended.'), delay),
    };
    listener.expiry.unref();
    let listeners = this.tenants.get(tenantId);
    if (!listeners) {
      listeners = new Set();
      this.tenants.set(tenantId, listeners);
    }
    listeners.add(listener);
    socket.once('close', () => {
      clearTimeout(listener.expiry);
      listeners.delete(listener);
      if (listeners.size === 0 && this.tenants.get(tenantId) === listeners) this.tenants.delete(tenantId);
    });
  }

  /** Sends `message` to every socket open on the tenant; the text is made once. */
  publish(tenantId: string, message: Record<string, unknown>): void {
    const listeners = this.tenants.get(tenantId);
    if (!listeners) return;
    const text = JSON.stringify(message);
    for (const { socket } of listeners) if (socket.readyState === socket.OPEN) socket.send(text);
  }

  /** Closes the sockets `match` picks, e.g. a suspended user's or a logged-out session's. */
  end(match: { userId: string } | { sessionId: string }): void {
    for (const listeners of this.tenants.values()) {
      for (const listener of listeners) {
        const hit = 'userId' in match ? listener.userId === match.userId : listener.sessionId === match.sessionId;
        if (hit) listener.socket.close(SESSION_ENDED, 'The session has ended.');
      }
    }
  }

  /** Closes every socket (the server is shutting down). */
  closeAll(): void {
    for (const listeners of this.tenants.values()) {
      for (const { socket } of listeners) socket.close(1001, 'The server is shutting down.');
    }
  }

  count(tenantId: string): number {
    return this.tenants.get(tenantId)?.size ?? 0;
  }
}
