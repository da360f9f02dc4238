import type { PreviewCommand } from '@webnova/core/contracts';
import { handlePreviewMessage } from './preview-messages';
import type { PreviewCommandTarget } from './preview-store';

/**
 * The part of Electron's `<webview>` element the preview uses. packages/ui does not import
 * Electron, so the element is described here; tests drive a fake of it.
 */
export interface WebviewElement {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  reload(): void;
  goBack(): void;
  goForward(): void;
  canGoBack(): boolean;
  canGoForward(): boolean;
  getURL(): string;
  getTitle(): string;
  executeJavaScript(code: string): Promise<unknown>;
}

/** Electron's `console-message` event on a webview: level 0–3 is verbose, info, warning, error. */
interface ConsoleMessageEvent extends Event {
  level?: unknown;
  message?: unknown;
  line?: unknown;
  sourceId?: unknown;
}

interface InPageNavigationEvent extends Event {
  isMainFrame?: unknown;
}

const clip = (text: string, max: number) => text.slice(0, max);

/** The same test the reporter script makes inside an iframe: does the page reload itself? */
const HMR_PROBE = `Boolean(document.querySelector('script[src*="/@vite/client"]') || window.__NEXT_DATA__ ||
  Object.keys(window).some((key) => key.startsWith('webpackHotUpdate')))`;

/**
 * Inspect mode inside a webview page. The reporter script stays quiet in a top-level page (it
 * talks to a parent frame), so the pick comes back as the result of `executeJavaScript`: a promise
 * for the picked element's `data-webnova-source`, or null when inspect mode ends first.
 */
export function inspectScript(on: boolean): string {
  return `(() => {
  let s = window.__webnovaInspect;
  if (!s) {
    s = window.__webnovaInspect = { on: false, resolve: null, box: null };
    s.highlight = (element) => {
      if (!s.box) {
        s.box = document.createElement('div');
        s.box.setAttribute('data-webnova-overlay', '');
        s.box.style.cssText = 'position:fixed;pointer-events:none;z-index:2147483647;border:2px solid #0078d4;background:rgba(0,120,212,.12);border-radius:2px;';
        document.documentElement.appendChild(s.box);
      }
      if (!element) { s.box.style.display = 'none'; return; }
      const r = element.getBoundingClientRect();
      Object.assign(s.box.style, { display: 'block', left: r.left + 'px', top: r.top + 'px', width: r.width + 'px', height: r.height + 'px' });
    };
    const tagged = (target) => target instanceof Element ? target.closest('[data-webnova-source]') : null;
    document.addEventListener('mouseover', (event) => { if (s.on) s.highlight(tagged(event.target)); }, true);
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup']) {
      document.addEventListener(type, (event) => { if (s.on) { event.preventDefault(); event.stopPropagation(); } }, true);
    }
    document.addEventListener('click', (event) => {
      if (!s.on) return;
      event.preventDefault();
      event.stopPropagation();
      const element = tagged(event.target);
      const source = element && element.getAttribute('data-webnova-source');
      if (source && s.resolve) { const resolve = s.resolve; s.resolve = null; resolve(source.slice(0, 1000)); }
    }, true);
  }
  if (s.resolve) { s.resolve(null); s.resolve = null; }
  s.on = ${on ? 'true' : 'false'};
  document.documentElement.style.cursor = s.on ? 'crosshair' : '';
  if (!s.on) { s.highlight(null); return null; }
  return new Promise((resolve) => { s.resolve = resolve; });
})()`;
}

/** Runs code in the page; a page that is not ready (or went away) simply does not answer. */
async function run(webview: WebviewElement, code: string): Promise<unknown> {
  try {
    return await webview.executeJavaScript(code);
  } catch {
    return undefined;
  }
}

/** The preview's commands, carried out through the webview's own API. */
export function webviewCommands(webview: WebviewElement): PreviewCommandTarget {
  return {
    send(command: PreviewCommand) {
      if (command.type === 'webnova:reload') webview.reload();
      else if (command.type === 'webnova:history') {
        if (command.step === -1 && webview.canGoBack()) webview.goBack();
        if (command.step === 1 && webview.canGoForward()) webview.goForward();
      } else if (command.type === 'webnova:inspect') {
        void run(webview, inspectScript(command.on)).then((source) => {
          if (typeof source === 'string') handlePreviewMessage({ type: 'webnova:source', source });
        });
      }
    },
  };
}

/**
 * Turns the webview's events into the messages the iframe's reporter would have sent: the page
 * is ready (address, title, hot reloading), and its console errors and warnings.
 */
export function connectWebview(webview: WebviewElement): () => void {
  let hmr = false;
  const ready = () => {
    const href = webview.getURL();
    if (!/^https?:/.test(href)) return;
    handlePreviewMessage({ type: 'webnova:ready', href: clip(href, 4000), title: clip(webview.getTitle(), 500), hmr });
  };
  const listeners: Record<string, (event: Event) => void> = {
    'dom-ready': () => {
      void run(webview, HMR_PROBE).then((answer) => {
        hmr = answer === true;
        ready();
      });
    },
    'did-navigate-in-page': (event) => {
      if ((event as InPageNavigationEvent).isMainFrame !== false) ready();
    },
    'console-message': (event) => {
      const { level, message, line, sourceId } = event as ConsoleMessageEvent;
      if ((level !== 2 && level !== 3) || typeof message !== 'string') return;
      // Electron's own advice to app developers, printed in every unpackaged page: not the project's problem.
      if (message.startsWith('Electron Security Warning')) return;
      handlePreviewMessage({
        type: 'webnova:console',
        level: level === 3 ? 'error' : 'warn',
        message: clip(message, 4000),
        ...(typeof sourceId === 'string' && sourceId !== '' ? { source: clip(sourceId, 4000) } : {}),
        ...(typeof line === 'number' && Number.isInteger(line) && line > 0 ? { line } : {}),
      });
    },
  };
  for (const [type, listener] of Object.entries(listeners)) webview.addEventListener(type, listener);
  return () => {
    for (const [type, listener] of Object.entries(listeners)) webview.removeEventListener(type, listener);
  };
}
