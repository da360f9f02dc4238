import { type ClientTransport, createIpcTransport, createWebSocketTransport, type HostKind } from '@webnova/ui';

const TOKEN_KEY = 'webnova.token';

/**
 * The web host's access token arrives once in the page URL (`?token=…`). Keep it for this tab so
 * a reload still connects, and take it out of the address bar and the history.
 */
export function takeWebToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Electron's preload bridge when there is one, else the web host's WebSocket. */
export function chooseTransport(): { transport: ClientTransport; host: HostKind } {
  if (window.webnovaBridge) return { transport: createIpcTransport(window.webnovaBridge), host: 'electron' };
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const token = takeWebToken() ?? '';
  const url = `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`;
  return { transport: createWebSocketTransport(url), host: 'web' };
}
