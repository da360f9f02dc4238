import type { ErrorMessage, ReplyMessage } from '@webnova/core/contracts';
import { isRendererUrl, type RendererOrigin } from './app-origin.js';

/** What the main process knows about the frame behind an IPC call. */
export interface SenderFrame {
  /** The frame's current URL; null when the frame is gone (navigated away or destroyed). */
  readonly url: string | null;
  /** True for the top frame of the window: sub-frames (the preview) never speak to core. */
  readonly isMainFrame: boolean;
  /** True when the web contents belong to one of our windows. */
  readonly isOurWindow: boolean;
}

export function isTrustedSender(frame: SenderFrame, renderer: RendererOrigin): boolean {
  return frame.isOurWindow && frame.isMainFrame && frame.url !== null && isRendererUrl(frame.url, renderer);
}

/** The reply for a call from anyone else, echoing the caller's request id when it has one. */
export function unauthorizedReply(message: unknown, method: string): ErrorMessage {
  const id = (message as { id?: unknown } | null)?.id;
  return {
    type: 'error',
    id: typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : null,
    error: { code: 'UNAUTHORIZED', message: `Only the WebNova window may call ${method}.` },
  };
}

/** The call message core receives: the method is the channel's, whatever the message claimed. */
export function callForChannel(message: unknown, method: string): unknown {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return message;
  return { ...message, method };
}

/** One IPC call on the channel of `method`: checked sender, then core's single door. */
export function answerCall(
  dispatch: (message: unknown) => Promise<ReplyMessage>,
  call: { method: string; message: unknown; sender: SenderFrame; renderer: RendererOrigin },
): Promise<ReplyMessage> {
  if (!isTrustedSender(call.sender, call.renderer))
    return Promise.resolve(unauthorizedReply(call.message, call.method));
  return dispatch(callForChannel(call.message, call.method));
}
