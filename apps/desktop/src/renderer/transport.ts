import { type ClientTransport, createIpcTransport, createWebSocketTransport, type HostKind } from '@webnova/ui';
import { API_PATH, apiProtocols, CODE_PARAM, SESSION_PATH, TOKEN_PARAM } from '../host/access-protocol';

const TOKEN_KEY = 'webnova.token';

/** Trades the one-time code of the file `--open` loaded for the token; null when the host refuses it. */
async function redeem(code: string): Promise<string | null> {
  try {
    const response = await fetch(SESSION_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
    });
    if (!response.ok) return null;
    const answer = (await response.json()) as { token?: unknown };
    return typeof answer.token === 'string' ? answer.token : null;
  } catch {
    return null;
  }
}

/**
 * The web host's token arrives once, in the fragment: `#token=…` from the printed link, or
 * `#code=…` from the file `--open` loads, exchanged here. Keep it for this tab so a reload still
 * connects, and take it out of the address bar and the history first.
 */
export async function takeWebToken(): Promise<string | null> {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const token = fragment.get(TOKEN_PARAM);
  const code = fragment.get(CODE_PARAM);
  if (token === null && code === null) return sessionStorage.getItem(TOKEN_KEY);
  url.hash = '';
  window.history.replaceState(window.history.state, '', url);
  const taken = token ?? (code ? await redeem(code) : null);
  if (taken) sessionStorage.setItem(TOKEN_KEY, taken);
  else sessionStorage.removeItem(TOKEN_KEY);
  return taken;
}

/** Asks the host whether it refuses this token (after a socket that never opened). */
async function isRefused(token: string): Promise<boolean> {
  const response = await fetch(SESSION_PATH, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  return response.status === 401;
}

/** Electron's preload bridge when there is one, else the web host's WebSocket. */
export async function chooseTransport(): Promise<{ transport: ClientTransport; host: HostKind }> {
  if (window.webnovaBridge) return { transport: createIpcTransport(window.webnovaBridge), host: 'electron' };
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  // No token (a link already used, or none given): the host refuses this, and the UI says so.
  const token = (await takeWebToken()) ?? 'none';
  const transport = createWebSocketTransport(`${scheme}://${window.location.host}${API_PATH}`, {
    protocols: apiProtocols(token),
    isRefused: () => isRefused(token),
  });
  return { transport, host: 'web' };
}
