export type { CallContext, ConnectionInfo, TransportKind } from './api/call-context.js';
export { type Core, type CoreOptions, createCore } from './api/core.js';
export {
  type Connection,
  createDispatcher,
  type Dispatcher,
  type Handlers,
  MAX_MESSAGE_DEPTH,
} from './api/dispatcher.js';
export * from './blueprint/index.js';
export * from './codegen/index.js';
export * from './codegen/regenerate/index.js';
export * from './governance/index.js';
export * from './orchestrator/index.js';
export * from './process/index.js';
export * from './runtime/sandbox/index.js';
export { defaultDataDir } from './settings/data-dir.js';
export type { Log } from './settings/json-file.js';
export * from './store/index.js';
