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

/**
 * Acts on what the previewed page said, whichever way it came (the reporter's `postMessage` in an
 * iframe, the webview's events under Electron). The page is arbitrary code: every message must
 * match the schema.
 */
export function handlePreviewMessage(data: unknown): void {
  const parsed = previewMessageSchema.safeParse(data);
  if (!parsed.success) return;
  const message = parsed.data;
  if (message.type === 'webnova:ready') {
    usePreview.getState().pageReady(message.href, message.title, message.hmr);
  } else if (message.type === 'webnova:console') {
    const location = message.source ? scriptLocation(message.source, message.line, message.column) : null;
    useProblems.getState().report({ origin: 'preview', level: message.level, message: message.message, location });
  } else if (message.type === 'webnova:source') {
    const target = parseSourceTag(message.source);
    if (!target) return;
    log.info(t('previewPane.output.inspected', { source: message.source }));
    void useEditors.getState().open(target.path, { line: target.line, column: target.column });
    // One pick per toggle, as in a browser's element picker.
    if (usePreview.getState().inspecting) usePreview.getState().toggleInspect();
  }
}

/**
 * Listens to the previewed page's reporter. The page is on another origin: only messages from the
 * preview frame's own window and origin are read.
 */
export function listenToPreview(): () => void {
  const onMessage = (event: MessageEvent) => {
    if (!previewFrame() || event.source !== previewFrame() || event.origin !== frameOrigin()) return;
    handlePreviewMessage(event.data);
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}
