/**
 * The script the preview proxy adds to every HTML page it serves. The previewed page is on another
 * origin than the IDE, so it cannot be reached into; instead this tells the IDE (its parent frame)
 * about console errors, uncaught errors, where it navigated and whether it has hot reloading, and
 * it answers the IDE's inspect, history and reload commands. Every message is checked with zod on
 * the IDE's side (`previewMessageSchema`).
 */
export const REPORTER_PATH = '/__webnova/reporter.js';

export const reporterScript = `(() => {
  if (window.parent === window || window.__webnovaReporter) return;
  window.__webnovaReporter = true;
  const parentOrigin = (location.ancestorOrigins && location.ancestorOrigins[0]) || '';
  // Only the IDE (a loopback page, or Electron's app://webnova) hears what this page logs and where it goes.
  if (!/^(http:\\/\\/(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?|app:\\/\\/webnova)$/.test(parentOrigin)) return;
  const post = (message) => { try { window.parent.postMessage(message, parentOrigin); } catch {} };
  const text = (value) => {
    if (value instanceof Error) return value.stack || String(value);
    if (typeof value === 'string') return value;
    try { return JSON.stringify(value); } catch { return String(value); }
  };
  const clip = (value) => String(value).slice(0, 4000);
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = function (...args) {
      post({ type: 'webnova:console', level, message: clip(args.map(text).join(' ')) });
      return original.apply(this, args);
    };
  }
  window.addEventListener('error', (event) => {
    if (!event.message && !event.error) return;
    const message = { type: 'webnova:console', level: 'error', message: clip(event.error ? text(event.error) : event.message) };
    if (event.filename) message.source = clip(event.filename);
    if (event.lineno) message.line = event.lineno;
    if (event.colno) message.column = event.colno;
    post(message);
  });
  window.addEventListener('unhandledrejection', (event) => {
    post({ type: 'webnova:console', level: 'error', message: clip('Unhandled promise rejection: ' + text(event.reason)) });
  });
  const hasHmr = () => Boolean(
    document.querySelector('script[src*="/@vite/client"]') || window.__NEXT_DATA__ ||
    Object.keys(window).some((key) => key.startsWith('webpackHotUpdate')));
  const ready = () => post({ type: 'webnova:ready', href: location.href, title: clip(document.title).slice(0, 500), hmr: hasHmr() });
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name];
    history[name] = function (...args) { const result = original.apply(this, args); ready(); return result; };
  }
  window.addEventListener('popstate', ready);
  window.addEventListener('hashchange', ready);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();

  let inspecting = false;
  let box = null;
  const highlight = (element) => {
    if (!box) {
      box = document.createElement('div');
      box.setAttribute('data-webnova-overlay', '');
      box.style.cssText = 'position:fixed;pointer-events:none;z-index:2147483647;border:2px solid #0078d4;background:rgba(0,120,212,.12);border-radius:2px;';
      document.documentElement.appendChild(box);
    }
    if (!element) { box.style.display = 'none'; return; }
    const r = element.getBoundingClientRect();
    Object.assign(box.style, { display: 'block', left: r.left + 'px', top: r.top + 'px', width: r.width + 'px', height: r.height + 'px' });
  };
  const tagged = (target) => target instanceof Element ? target.closest('[data-webnova-source]') : null;
  document.addEventListener('mouseover', (event) => { if (inspecting) highlight(tagged(event.target)); }, true);
  for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup']) {
    document.addEventListener(type, (event) => { if (inspecting) { event.preventDefault(); event.stopPropagation(); } }, true);
  }
  document.addEventListener('click', (event) => {
    if (!inspecting) return;
    event.preventDefault();
    event.stopPropagation();
    const element = tagged(event.target);
    const source = element && element.getAttribute('data-webnova-source');
    if (source) post({ type: 'webnova:source', source: source.slice(0, 1000) });
  }, true);
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    const data = event.data;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'webnova:inspect') {
      inspecting = data.on === true;
      document.documentElement.style.cursor = inspecting ? 'crosshair' : '';
      if (!inspecting) highlight(null);
    } else if (data.type === 'webnova:history' && (data.step === 1 || data.step === -1)) {
      history.go(data.step);
    } else if (data.type === 'webnova:reload') {
      location.reload();
    }
  });
})();
`;

/** Puts the reporter's script tag first in `<head>` (or first in the document when it has none). */
export function injectReporter(html: string): string {
  const tag = `<script src="${REPORTER_PATH}"></script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  const htmlTag = /<html(\s[^>]*)?>/i.exec(html);
  if (htmlTag)
    return html.slice(0, htmlTag.index + htmlTag[0].length) + tag + html.slice(htmlTag.index + htmlTag[0].length);
  return tag + html;
}
