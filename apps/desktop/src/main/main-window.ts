import { BrowserWindow } from 'electron';
import type { RendererOrigin } from './policy/app-origin.js';
import { secureWebPreferences } from './policy/web-preferences.js';

export interface MainWindowOptions {
  renderer: RendererOrigin;
  preloadPath: string;
  iconPath?: string;
}

/** The IDE window. It shows itself once the renderer has painted, so no white flash. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'WebNova',
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: '#1e1f24',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    // The live preview is a <webview> (a page of its own, with back/forward and reload); guards.ts
    // lets one attach only on a loopback preview URL, without preload or Node.js.
    webPreferences: secureWebPreferences(options.preloadPath, { previewWebviews: true }),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.renderer.entryUrl);
  return window;
}
