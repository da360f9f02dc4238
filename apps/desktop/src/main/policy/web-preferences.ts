import type { WebPreferences } from 'electron';
import { isPreviewUrl } from './navigation.js';

/**
 * The renderer's preferences, following Electron's security checklist: no Node.js, isolated and
 * sandboxed, web security on, no insecure content, no experimental or Blink features. The preload is
 * the only bridge to the main process. `<webview>` only where the live preview needs one (the main
 * window), and then every webview is held by `hardenWebview` as it attaches.
 */
export function secureWebPreferences(preloadPath: string, options: { previewWebviews?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: options.previewWebviews === true,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Guard for `will-attach-webview`: should a <webview> ever be enabled (a preview pane), it may
 * only show a preview URL, never gets a preload, and runs with the same isolation as the renderer.
 * Returns false when the webview must not be attached; hardens `webPreferences` in place.
 */
// Electron turns a <webview preload="…"> attribute into `preloadURL`, which its types do not list.
export function hardenWebview(webPreferences: WebPreferences & { preloadURL?: string }, src: string): boolean {
  delete webPreferences.preload;
  delete webPreferences.preloadURL;
  delete webPreferences.enableBlinkFeatures;
  webPreferences.nodeIntegration = false;
  webPreferences.nodeIntegrationInSubFrames = false;
  webPreferences.nodeIntegrationInWorker = false;
  webPreferences.contextIsolation = true;
  webPreferences.sandbox = true;
  webPreferences.webSecurity = true;
  webPreferences.allowRunningInsecureContent = false;
  webPreferences.experimentalFeatures = false;
  return isPreviewUrl(src);
}
