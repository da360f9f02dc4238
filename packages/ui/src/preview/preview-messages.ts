import { previewMessageSchema } from '@webnova/core/contracts';
import { useEditors } from '../editor/editors-store';
import { t } from '../i18n/i18n';
import { log } from '../panels/output-store';
import { useProblems } from '../problems/problems-store';
import { frameOrigin, previewFrame, usePreview } from './preview-store';

/** `src/App.tsx:12` or `src/App.tsx:12:5` → a workspace path and a position. */
export function parseSourceTag(source: string): { path: string; line: number; column: number } | null {
  const match = /^(.+?):(\d+)(?::(\d+))?$/.exec(source.trim());
  if (!match?.[1]) return null;
  const path = match[1].replace(/^\.?\//, '');
  if (path.length === 0 || path.split('/').includes('..')) return null;
  return { path, line: Math.max(1, Number(match[2])), column: Math.max(1, Number(match[3] ?? 1)) };
}

/**
 * Where a script error happened, as a workspace path when the script came from the dev server
 * (`http://127.0.0.1:<proxy>/src/main.js?t=1:9:9` → `src/main.js:9:9`), else the address as given.
 */
export function scriptLocation(source: string, line?: number, column?: number): string {
  const position = line ? `:${line}${column ? `:${column}` : ''}` : '';
  const origin = frameOrigin();
  if (origin && source.startsWith(`${origin}/`)) {
    const path = decodeURIComponent(new URL(source).pathname).replace(/^\/+/, '');
    if (path && !path.startsWith('@') && !path.includes('node_modules')) return `${path}${position}`;
  }
  return `${source}${position}`;
}

/** Whether an address is on the origin the preview frame was pointed at (core's proxy for the dev server). */
function onPreviewOrigin(href: string): boolean {
  const origin = frameOrigin();
  if (!origin) return false;
  try {
    return new URL(href).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Acts on what the previewed page said, whichever way it came (the reporter's `postMessage` in an
 * iframe, the webview's events under Electron). The page is arbitrary code, so it is believed only
 * as far as the preview's state asks: every message must match the schema, a navigation must stay
 * on the preview's origin, and a picked element (which opens a workspace file) counts only while
 * the user has inspect mode on; the page cannot open files by posting a pick on its own.
 */
export function handlePreviewMessage(data: unknown): void {
  const parsed = previewMessageSchema.safeParse(data);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'webnova:ready') {
    if (!onPreviewOrigin(message.href)) return;
    usePreview.getState().pageReady(message.href, message.title, message.hmr);
  } else if (message.type === 'webnova:console') {
    const location = message.source ? scriptLocation(message.source, message.line, message.column) : null;
    useProblems.getState().report({ origin: 'preview', level: message.level, message: message.message, location });
  } else if (message.type === 'webnova:source') {
    if (!usePreview.getState().inspecting) return;
    const target = parseSourceTag(message.source);
    if (!target) return;
    log.info(t('previewPane.output.inspected', { source: message.source }));
    void useEditors.getState().open(target.path, { line: target.line, column: target.column });
    // One pick per toggle, as in a browser's element picker.
    usePreview.getState().toggleInspect();
  }
}

/**
 * Whether a message came from the page the preview shows: the frame's own window (not a frame
 * inside it, a popup it opened or another tab), still on the proxy origin the frame was pointed at
 * (not a site it navigated to).
 */
export function isFromPreview(event: Pick<MessageEvent, 'source' | 'origin'>): boolean {
  const frame = previewFrame();
  const origin = frameOrigin();
  return frame !== null && origin !== null && event.source === frame && event.origin === origin;
}

/** Listens to the previewed page's reporter; everything else that posts to the IDE's window is ignored. */
export function listenToPreview(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
  const onMessage = (event: MessageEvent) => {
    if (isFromPreview(event)) handlePreviewMessage(event.data);
  };
  target.addEventListener('message', onMessage);
  return () => target.removeEventListener('message', onMessage);
}
