export { type CoreClient, createCoreClient } from './core-client';
export { createIpcTransport } from './ipc-transport';
export type { ClientTransport, TransportStatus } from './transport';
export { createWebSocketTransport, type WebSocketTransportOptions } from './websocket-transport';
