import type { Core } from '@webnova/core';
import { ipcChannel, LOCAL_OWNER, methodNames } from '@webnova/core/contracts';
import type { RendererOrigin } from './policy/app-origin.js';
import { answerCall, isTrustedSender, type SenderFrame, unauthorizedReply } from './policy/ipc-sender.js';

/** The part of Electron's ipcMain used here (typed by the sender event it passes). */
export interface MainIpc<SenderEvent> {
  handle(channel: string, handler: (event: SenderEvent, message: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: SenderEvent, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: SenderEvent, message: unknown) => void): unknown;
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
 * only our renderer's top frame, a cancel channel for calls the window stopped waiting for, and
 * every core event broadcast on its event channel. The window is the person at this computer: its
 * calls come on one connection whose actor is the local owner. Returns a function that takes it all
 * down again (and aborts what the window's calls still run).
 */
export function serveCoreOverIpc<SenderEvent>(
  core: Pick<Core, 'connect' | 'subscribe'>,
  options: CoreIpcOptions<SenderEvent>,
): () => void {
  const { ipc, renderer, senderOf, broadcast } = options;
  const connection = core.connect({ transport: 'ipc', actor: LOCAL_OWNER });
  const dispatch = async (message: unknown) =>
    (await connection.dispatch(message)) ?? unauthorizedReply(message, 'a cancel');
  for (const method of methodNames) {
    ipc.handle(ipcChannel.call(method), (event, message) =>
      answerCall(dispatch, { method, message, sender: senderOf(event), renderer }),
    );
  }
  const cancel = (event: SenderEvent, id: unknown) => {
    if (typeof id === 'string' && isTrustedSender(senderOf(event), renderer))
      void connection.dispatch({ type: 'cancel', id });
  };
  ipc.on(ipcChannel.cancel, cancel);
  const unsubscribe = core.subscribe((event, payload) => broadcast(ipcChannel.event(event), payload));
  return () => {
    unsubscribe();
    for (const method of methodNames) ipc.removeHandler(ipcChannel.call(method));
    ipc.removeListener(ipcChannel.cancel, cancel);
    connection.close();
  };
}
