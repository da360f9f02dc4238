import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { contentSecurityPolicy } from '../shared/content-security-policy.js';
import { appHost, appScheme } from './policy/app-origin.js';
import { resolveRendererFile } from './policy/renderer-files.js';

/**
 * Must run before `app.ready`. Standard + secure gives the renderer a real origin
 * (`app://webnova`) for 'self' in the CSP, for storage and for module workers, unlike file://,
 * whose pages share one opaque origin and may reach any file on disk.
 */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

// Chromium emits no header events of session.webRequest for custom protocols, so the policy
// travels on the protocol's own responses.
const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function refusal(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves the built renderer folder on `app://webnova/`: GET and HEAD only, nothing outside the folder. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return refusal(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
    const file = resolveRendererFile(rendererDir, url.pathname);
    if (file === null) return refusal(404, 'Not found');
    const found = await net.fetch(pathToFileURL(file).href).catch(() => null);
    if (!found?.ok) return refusal(404, 'Not found');
    const headers = new Headers(found.headers);
    for (const [name, value] of Object.entries(securityHeaders)) headers.set(name, value);
    headers.set('Cache-Control', 'no-cache');
    return new Response(request.method === 'HEAD' ? null : found.body, { status: 200, headers });
  });
}
