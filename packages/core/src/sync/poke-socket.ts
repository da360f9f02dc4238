import { PokeMessage } from '../contracts/sync.js';

/** How the server closes a poke socket it will not serve (docs/SYNC.md). */
const CLOSED_FOR_GOOD: Record<number, 'unauthorized' | 'revoked' | 'suspended'> = {
  4401: 'unauthorized',
  4403: 'suspended',
  4410: 'revoked',
};

export interface PokeSocketEvents {
  /** The tenant's log reached `position` (sent once on opening, then on every push that lands). */
  poke(position: number): void;
  /** The socket closed; `refused` when the server will not take this credential again. */
  closed(refused: 'unauthorized' | 'revoked' | 'suspended' | null): void;
}

/**
 * The server's live poke (`GET /sync/poke`): a WebSocket that says "pull" whenever the tenant's log
 * grows, on whichever replica the push landed. It authenticates with its first message (the
 * platform's WebSocket sends no headers) and carries nothing else; whoever opened it reconnects with
 * its own back-off, and pulls on every opening, so a poke missed while closed costs nothing.
 */
export function openPokeSocket(origin: string, credential: string, events: PokeSocketEvents): { close(): void } {
  const url = new URL('/sync/poke', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  let ended = false;
  const end = (refused: 'unauthorized' | 'revoked' | 'suspended' | null) => {
    if (ended) return;
    ended = true;
    events.closed(refused);
  };
  socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'authenticate', token: credential })));
  socket.addEventListener('message', (message) => {
    if (typeof message.data !== 'string' || message.data.length > 4096) return;
    let parsed: ReturnType<typeof PokeMessage.safeParse>;
    try {
      parsed = PokeMessage.safeParse(JSON.parse(message.data));
    } catch {
      return;
    }
    if (parsed.success) events.poke(parsed.data.position);
  });
  socket.addEventListener('close', (closing) => end(CLOSED_FOR_GOOD[closing.code] ?? null));
  socket.addEventListener('error', () => end(null));
  return {
    close: () => {
      ended = true;
      socket.close();
    },
  };
}
