import { isRendererUrl, type RendererOrigin } from './app-origin.js';

/**
 * Web permissions (camera, notifications, geolocation, clipboard reading, …) are refused by
 * default. The one exception: our own renderer may write to the clipboard, which Monaco's
 * copy command does through `navigator.clipboard.writeText`.
 */
const rendererPermissions = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string, renderer: RendererOrigin): boolean {
  return rendererPermissions.has(permission) && isRendererUrl(requestingUrl, renderer);
}
