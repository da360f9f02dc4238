export type { CoreProcessOptions } from './channel.js';
export {
  type CoreChild,
  type CoreProcessHost,
  forkCoreProcess,
  type RemoteCore,
  startCoreProcess,
} from './core-client.js';
export { runCoreProcess } from './core-process.js';
