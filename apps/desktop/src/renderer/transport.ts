import { type ClientTransport, createIpcTransport, createWebSocketTransport, type HostKind } from '@webnova/ui';
import { API_PATH, apiProtocols } from '../shared/access-protocol';
import { takeWebToken, tokenRefused } from './web-token';

/** Electron's preload bridge when there is one, else the web host's WebSocket. */
export async function chooseTransport(): Promise<{ transport: ClientTransport; host: HostKind }> {
  if (window.webnovaBridge) return { transport: createIpcTransport(window.webnovaBridge), host: 'electron' };
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  // No token (a link already used, or none given): the host refuses this, and the UI says so.
  const token = (await takeWebToken()) ?? 'none';
  const transport = createWebSocketTransport(`${scheme}://${window.location.host}${API_PATH}`, {
    protocols: apiProtocols(token),
    isRefused: () => tokenRefused(token),
  });
  return { transport, host: 'web' };
}
