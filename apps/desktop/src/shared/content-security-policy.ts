/**
 * The renderer's Content-Security-Policy, sent as a header by the web host and by Electron's
 * protocol handler (the page's meta tag repeats it). Monaco injects <style> elements, hence
 * 'unsafe-inline' for styles only; its workers are same-origin or blob: URLs. Frames are allowed
 * only for the live preview of a loopback dev server.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'self' http://localhost:* http://127.0.0.1:*",
].join('; ');
