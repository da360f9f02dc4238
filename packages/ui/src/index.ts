export type { ClientTransport, CoreClient, TransportStatus } from './client';
export { createCoreClient, createIpcTransport, createWebSocketTransport } from './client';
export type { HostKind } from './connection/connection-store';
export { type MountedWorkbench, mountWorkbench, type WorkbenchOptions } from './mount';
export { PERFORMANCE_MARKS } from './workbench/performance-marks';
