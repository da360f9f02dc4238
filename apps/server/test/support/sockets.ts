import WebSocket from 'ws';

export interface TestSocket {
  socket: WebSocket;
  messages: Array<Record<string, unknown>>;
  /** The first message (already received or still to come) that `match` accepts. */
  next(match: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** A WebSocket to `url`, authenticated by header or, with `firstMessage`, by its first message. */
export function openSocket(
  url: string,
  token: string | undefined,
  how: 'header' | 'firstMessage' = 'header',
): TestSocket {
  const headers: Record<string, string> = token && how === 'header' ? { authorization: `Bearer ${token}` } : {};
  const socket = new WebSocket(url, { headers });
  const messages: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  socket.on('message', (raw) => {
    messages.push(JSON.parse(String(raw)) as Record<string, unknown>);
    for (const wake of waiters) wake();
  });
  if (token && how === 'firstMessage')
    socket.on('open', () => socket.send(JSON.stringify({ type: 'authenticate', token })));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const wake of waiters) wake();
    }),
  );
  socket.on('error', () => undefined);
  return {
    socket,
    messages,
    closed,
    close: () => socket.close(),
    next(match) {
      // No deadline but the test's: a loaded machine delivers late, not never.
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) {
            waiters.delete(check);
            resolve(found);
          } else if (socket.readyState === WebSocket.CLOSED) {
            waiters.delete(check);
            reject(new Error(`the socket closed before the message came; got ${JSON.stringify(messages)}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}
