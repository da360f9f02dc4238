import { connect } from 'node:net';
import { stripVTControlCharacters } from 'node:util';

const LOOPBACK_URL = /\bhttps?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1?\])(?::\d{1,5})?(?:\/[^\s'"`)<>]*)?/i;
const PORT_MENTION = /\b(?:listen(?:ing)?|running|started|ready|serving|server)\b[^\n]*?\bport\b\D{0,3}(\d{2,5})\b/i;
const HOST_PORT =
  /\b(?:listen(?:ing)?|running|started|ready|serving)\b[^\n]*?(?:^|[\s(])(?:localhost|127\.0\.0\.1|0\.0\.0\.0)?:(\d{2,5})\b/i;

/**
 * The dev server's address in a line of output (Vite's "Local: http://localhost:5173/", Next's
 * "ready - started server on 0.0.0.0:3000, url: http://localhost:3000", "Server running at
 * http://127.0.0.1:8080"). Colours are removed first; "Network:" lines (other interfaces) are not
 * loopback and are skipped; 0.0.0.0 and [::] become localhost, which the browser can open.
 */
export function findDevServerUrl(line: string): string | null {
  const plain = stripVTControlCharacters(line);
  const match = LOOPBACK_URL.exec(plain);
  if (!match) return null;
  const url = new URL(match[0].replace(/[.,;:]+$/, ''));
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = 'localhost';
  return url.href;
}

/** Where a generated platform's server says its first owner is made: `#/setup/<token>` in its output. */
export function findSetupPath(line: string): string | null {
  const token = /#\/setup\/([A-Za-z0-9_-]{20,200})/.exec(stripVTControlCharacters(line))?.[1];
  return token ? `#/setup/${token}` : null;
}

/** A port the output says something listens on, without a full address ("listening on port 3000"). */
export function findPortMention(line: string): number | null {
  const plain = stripVTControlCharacters(line);
  const match = PORT_MENTION.exec(plain) ?? HOST_PORT.exec(plain);
  if (!match?.[1]) return null;
  const port = Number(match[1]);
  return port > 0 && port < 65_536 ? port : null;
}

/**
 * Whether something accepts TCP connections on this loopback port. A closed port refuses at once; the
 * time limit only ends a connection that hangs, and is long enough for a loaded machine to accept.
 */
export function probePort(port: number, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: 'localhost', port, autoSelectFamily: true });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
