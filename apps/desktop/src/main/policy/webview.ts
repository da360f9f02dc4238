import type { WebPreferences } from 'electron';
import { isPreviewUrl } from './navigation.js';
import { hardenWebview } from './web-preferences.js';

/** The `<webview>` attributes a page may not choose for the preview; Electron passes them in `params`. */
const refusedParams = ['preload', 'nodeintegration', 'nodeintegrationinsubframes', 'plugins', 'disablewebsecurity'];

/**
 * `will-attach-webview`: the renderer's `<webview>` is the live preview and nothing else. Its
 * preferences are hardened in place (no preload, no Node.js, isolated, sandboxed), the attributes
 * that would loosen them are dropped, and only a loopback preview URL may be its first page.
 * Returns false when the webview must not attach.
 */
export function guardWebviewAttach(
  webPreferences: WebPreferences & { preloadURL?: string },
  params: Record<string, string | undefined>,
): boolean {
  for (const name of refusedParams) delete params[name];
  return hardenWebview(webPreferences, params.src ?? '');
}

/**
 * Where a preview webview's frames may go: the preview, nothing else. The renderer's own origin is
 * refused too: a guest showing the IDE would be a second renderer without the window's checks.
 */
export function decideGuestNavigation(url: string): 'allow' | 'deny' {
  return isPreviewUrl(url) ? 'allow' : 'deny';
}
