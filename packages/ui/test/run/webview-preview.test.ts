import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The registry loads every feature's strings into the catalogues, as the workbench does at start.
import '../../src/features';
import { useOutput } from '../../src/panels/output-store';
import { setPreviewWebview, usePreview } from '../../src/preview/preview-store';
import { connectWebview, inspectScript, type WebviewElement, webviewCommands } from '../../src/preview/webview-preview';
import { useProblems } from '../../src/problems/problems-store';

/** Electron's <webview> as the preview uses it: events, history and executeJavaScript. */
class FakeWebview implements WebviewElement {
  listeners = new Map<string, Set<(event: Event) => void>>();
  calls: string[] = [];
  scripts: string[] = [];
  url = 'http://127.0.0.1:4100/';
  title = 'Clinic';
  back = true;
  forward = false;
  answer: (code: string) => unknown = () => undefined;

  addEventListener(type: string, listener: (event: Event) => void) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.get(type)?.delete(listener);
  }
  emit(type: string, fields: Record<string, unknown> = {}) {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, ...fields } as unknown as Event);
  }
  reload() {
    this.calls.push('reload');
  }
  goBack() {
    this.calls.push('back');
  }
  goForward() {
    this.calls.push('forward');
  }
  canGoBack() {
    return this.back;
  }
  canGoForward() {
    return this.forward;
  }
  getURL() {
    return this.url;
  }
  getTitle() {
    return this.title;
  }
  async executeJavaScript(code: string) {
    this.scripts.push(code);
    return this.answer(code);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the preview in an Electron webview', () => {
  let webview: FakeWebview;
  let disconnect: () => void;

  beforeEach(() => {
    useProblems.getState().clear();
    usePreview.setState(usePreview.getInitialState(), true);
    usePreview.getState().show('http://localhost:5173/', 'http://127.0.0.1:4100/');
    webview = new FakeWebview();
    disconnect = connectWebview(webview);
    setPreviewWebview(webviewCommands(webview));
  });

  afterEach(() => {
    disconnect();
    setPreviewWebview(null);
  });

  it('reports the page’s console errors and warnings to Problems, as workspace paths', () => {
    webview.emit('console-message', {
      level: 3,
      message: 'Uncaught Error: Appointments could not be loaded',
      line: 9,
      sourceId: 'http://127.0.0.1:4100/src/main.js?t=1',
    });
    webview.emit('console-message', { level: 2, message: 'slow', line: 0, sourceId: '' });
    webview.emit('console-message', { level: 1, message: 'just info', line: 1, sourceId: '' });
    webview.emit('console-message', { level: 2, message: 'Electron Security Warning (Insecure CSP)' });
    webview.emit('console-message', { level: 3, message: 42 });
    expect(useProblems.getState().problems.map((p) => [p.level, p.message, p.location])).toEqual([
      ['error', 'Uncaught Error: Appointments could not be loaded', 'src/main.js:9'],
      ['warn', 'slow', null],
    ]);
  });

  it('says where the page is, its title and whether it reloads itself, once it is ready', async () => {
    webview.answer = (code) => code.includes('@vite/client');
    webview.url = 'http://127.0.0.1:4100/about';
    webview.emit('dom-ready');
    await settle();
    expect(usePreview.getState()).toMatchObject({ url: 'http://localhost:5173/about', title: 'Clinic', hmr: true });
    webview.url = 'http://127.0.0.1:4100/about#team';
    webview.emit('did-navigate-in-page', { isMainFrame: true, url: webview.url });
    expect(usePreview.getState().url).toBe('http://localhost:5173/about#team');
    disconnect();
    webview.url = 'http://127.0.0.1:4100/gone';
    webview.emit('did-navigate-in-page', { isMainFrame: true });
    expect(usePreview.getState().url).toBe('http://localhost:5173/about#team');
  });

  it('reloads and goes back and forward with the webview’s own history', () => {
    usePreview.getState().reload();
    usePreview.getState().go(-1);
    usePreview.getState().go(1);
    webview.forward = true;
    usePreview.getState().go(1);
    expect(webview.calls).toEqual(['reload', 'back', 'forward']);
  });

  it('inspects: the pick comes back from the page and opens its source, and inspect mode ends', async () => {
    useOutput.getState().clear();
    webview.answer = (code) => (code.includes('s.on = true') ? 'src/App.tsx:12' : null);
    usePreview.getState().toggleInspect();
    expect(webview.scripts.at(-1)).toBe(inspectScript(true));
    await settle();
    await settle();
    expect(useOutput.getState().lines.some((line) => line.text.includes('src/App.tsx:12'))).toBe(true);
    expect(usePreview.getState().inspecting).toBe(false);
    expect(webview.scripts.at(-1)).toBe(inspectScript(false));
  });
});
