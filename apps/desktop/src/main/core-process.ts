import type { CoreChild } from '@webnova/core';

/** The part of Electron's `UtilityProcess` used here (a fake stands in for it in tests). */
export interface UtilityChild {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/**
 * Core's utility process as a `CoreChild`: its messages are the channel (it answers over
 * `process.parentPort`), its exit is core's end. The process runs Electron's Node, not the user's:
 * nothing in it uses ELECTRON_RUN_AS_NODE, which the packaged app's fuses switch off.
 */
export function utilityCoreChild(child: UtilityChild): CoreChild {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid,
    channel: {
      post: (message) => child.postMessage(message),
      listen(listener) {
        const forward = (message: unknown) => listener(message as Parameters<typeof listener>[0]);
        child.on('message', forward);
        return () => child.off('message', forward);
      },
    },
    exited,
    kill: () => void child.kill(),
  };
}
