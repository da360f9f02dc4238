export { type Core, type CoreOptions, createCore } from './api/core.js';
export { createDispatcher, type Dispatch, type Handlers } from './api/dispatcher.js';
export * from './blueprint/index.js';
export * from './governance/index.js';
export * from './orchestrator/index.js';
export { defaultDataDir } from './settings/data-dir.js';
export type { Log } from './settings/json-file.js';
export * from './store/index.js';
