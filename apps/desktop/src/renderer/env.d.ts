import type { IpcBridge } from '@webnova/core/contracts';

declare global {
  interface Window {
    /** Present only in Electron, where the preload exposes core's API. */
    webnovaBridge?: IpcBridge;
  }
}
