import { app, type Session, shell, type WebContents } from 'electron';
import type { RendererOrigin } from './policy/app-origin.js';
import { decideNavigation, decideWindowOpen, isPreviewUrl } from './policy/navigation.js';
import { isPermissionAllowed } from './policy/permissions.js';
import { decideGuestNavigation, guardWebviewAttach } from './policy/webview.js';

type Log = (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;

/** Refuses web permissions by default, for requests and for silent checks alike. */
export function guardSession(session: Session, renderer: RendererOrigin): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, renderer));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, renderer),
  );
}

/** Validated again right before the hand-off: shell.openExternal must never see anything else. */
function openPreviewInBrowser(url: string, log: Log): void {
  if (!isPreviewUrl(url)) return;
  shell
    .openExternal(url)
    .catch((error: unknown) => log('warn', 'Could not open the preview in a browser', { url, error: String(error) }));
}

/**
 * Every web contents the app ever creates (the window, and the preview's webview) gets the same
 * limits: the window stays on the renderer (sub-frames may show the preview), a webview stays on
 * the preview, no new windows, and webviews attach only for the preview, without preload or Node.js.
 */
export function guardAllWebContents(renderer: RendererOrigin, log: Log): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const decide = (url: string, isMainFrame: boolean) =>
      contents.getType() === 'webview' ? decideGuestNavigation(url) : decideNavigation(url, { isMainFrame }, renderer);
    contents.on('will-frame-navigate', (event) => {
      if (decide(event.url, event.isMainFrame) === 'allow') return;
      event.preventDefault();
      log('warn', 'Navigation refused', { url: event.url });
    });
    contents.on('will-redirect', (event) => {
      if (decide(event.url, event.isMainFrame) === 'allow') return;
      event.preventDefault();
      log('warn', 'Redirect refused', { url: event.url });
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (decideWindowOpen(url) === 'open-in-browser') openPreviewInBrowser(url, log);
      else log('warn', 'New window refused', { url });
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event, webPreferences, params) => {
      if (guardWebviewAttach(webPreferences, params)) return;
      event.preventDefault();
      log('warn', 'Webview refused', { src: params.src });
    });
  });
}
