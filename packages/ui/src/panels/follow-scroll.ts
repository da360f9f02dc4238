import { type UIEvent, useLayoutEffect, useRef } from 'react';

/** How close to the bottom (px) still counts as "at the bottom". */
const SLACK = 8;

/**
 * Keeps a scrolling log at its newest line while the user has not scrolled up; `channel` changing
 * (another log in the same element) starts following again.
 */
export function useFollowScroll<T extends HTMLElement>(content: unknown, channel?: string) {
  const ref = useRef<T>(null);
  const pinned = useRef(true);
  const shownChannel = useRef(channel);
  useLayoutEffect(() => {
    if (shownChannel.current !== channel) {
      shownChannel.current = channel;
      pinned.current = true;
    }
    const element = ref.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [content, channel]);
  const onScroll = (event: UIEvent<T>) => {
    const el = event.currentTarget;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < SLACK;
  };
  return { ref, onScroll };
}
