import { isLoopbackHttpUrl, isRendererUrl, type RendererOrigin } from './app-origin.js';

/**
 * The live preview of a project's dev server: the only web content besides our own renderer
 * that WebNova shows. Loopback http with an explicit port, nothing else.
 */
export function isPreviewUrl(url: string): boolean {
  return isLoopbackHttpUrl(url);
}

export type NavigationDecision = 'allow' | 'deny';

/**
 * May a frame go to this URL? The top frame stays on the renderer's origin for its whole life;
 * a sub-frame may also show the preview (the CSP's frame-src says the same).
 */
export function decideNavigation(
  url: string,
  frame: { isMainFrame: boolean },
  renderer: RendererOrigin,
): NavigationDecision {
  if (isRendererUrl(url, renderer)) return 'allow';
  if (!frame.isMainFrame && isPreviewUrl(url)) return 'allow';
  return 'deny';
}

export type WindowOpenDecision = 'deny' | 'open-in-browser';

/**
 * `window.open` and target=_blank never create an Electron window. A preview URL is handed to
 * the user's browser (so "open in browser" works); everything else is dropped.
 */
export function decideWindowOpen(url: string): WindowOpenDecision {
  return isPreviewUrl(url) ? 'open-in-browser' : 'deny';
}
