import type { Core } from '@webnova/core';
import { ipcChannel, methodNames } from '@webnova/core/contracts';
import type { RendererOrigin } from './policy/app-origin.js';
import { answerCall, type SenderFrame } from './policy/ipc-sender.js';

/** The part of Electron's ipcMain used here (typed by the sender event it passes). */
export interface MainIpc<SenderEvent> {
  handle(channel: string, handler: (event: SenderEvent, message: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface CoreIpcOptions<SenderEvent> {
  ipc: MainIpc<SenderEvent>;
  renderer: RendererOrigin;
  /** Who sent a call: its frame's URL, whether it is a top frame, whether it is our window. */
  senderOf(event: SenderEvent): SenderFrame;
  /** Sends one event message to every window. */
  broadcast(channel: string, payload: unknown): void;
}

/**
 * Serves core's API over IPC: one invoke channel per method of the API table, each answering
 * only our renderer's top frame, and every core event broadcast on its event channel.
 * Returns a function that takes it all down again.
 */
export function serveCoreOverIpc<SenderEvent>(
  core: Pick<Core, 'dispatch' | 'subscribe'>,
  options: CoreIpcOptions<SenderEvent>,
): () => void {
  const { ipc, renderer, senderOf, broadcast } = options;
  for (const method of methodNames) {
    ipc.handle(ipcChannel.call(method), (event, message) =>
      answerCall(core.dispatch, { method, message, sender: senderOf(event), renderer }),
    );
  }
  const unsubscribe = core.subscribe((event, payload) => broadcast(ipcChannel.event(event), payload));
  return () => {
    unsubscribe();
    for (const method of methodNames) ipc.removeHandler(ipcChannel.call(method));
  };
}
