// The preview pane (packages/ui) against the page it shows, or any other window that posts to the
// IDE: a message may open workspace files, add Problems and move the URL bar, so only the preview
// frame itself, on its proxy origin, and only in the mode that asks, is listened to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useEditors } from '../../../../../packages/ui/src/editor/editors-store.js';
import { listenToPreview } from '../../../../../packages/ui/src/preview/preview-messages.js';
import {
  setPreviewFrame,
  setPreviewWebview,
  usePreview,
} from '../../../../../packages/ui/src/preview/preview-store.js';
import { type WebviewElement, webviewCommands } from '../../../../../packages/ui/src/preview/webview-preview.js';
import { useProblems } from '../../../../../packages/ui/src/problems/problems-store.js';
import { named, type RedTeamCase } from '../support/red-team.js';

const PROXY = 'http://127.0.0.1:4100';
/** Stand-ins for windows: the listener compares identities; the frame also takes the IDE's commands. */
const toFrame = vi.fn();
const frame = { name: 'the preview frame', postMessage: toFrame } as unknown as Window;
const popup = { name: 'a window the page opened' } as unknown as Window;
const inner = { name: 'a frame inside the page' } as unknown as Window;

let ide: EventTarget;
let stop: () => void;
const open = vi.fn(async () => {});

function post(source: Window, origin: string, data: unknown): void {
  ide.dispatchEvent(Object.assign(new Event('message'), { source, origin, data }));
}

const consoleError = { type: 'webnova:console', level: 'error', message: 'boom' };
const pick = { type: 'webnova:source', source: 'src/secret.ts:3' };
const problems = () => useProblems.getState().problems.map((problem) => problem.message);

beforeEach(() => {
  ide = new EventTarget();
  stop = listenToPreview(ide as unknown as Window);
  open.mockClear();
  useEditors.setState({ open } as never);
  useProblems.getState().clear();
  usePreview.getState().clear();
  usePreview.getState().show('http://localhost:5173/', `${PROXY}/`);
  setPreviewFrame(frame);
  setPreviewWebview(null);
});

afterEach(() => {
  stop();
  setPreviewFrame(null);
  setPreviewWebview(null);
});

const cases: RedTeamCase[] = [
  {
    attack: 'the frame navigated to another site, which posts a console error (right window, other origin)',
    expected: 'no Problem',
    run() {
      post(frame, 'http://evil.example', consoleError);
      expect(problems()).toEqual([]);
    },
  },
  {
    attack: 'a popup the page opened posts a console error from the proxy origin (other window)',
    expected: 'no Problem',
    run() {
      post(popup, PROXY, consoleError);
      expect(problems()).toEqual([]);
    },
  },
  {
    attack: 'the previewed page posts a pick (webnova:source) without inspect mode',
    expected: 'no file opened',
    run() {
      post(frame, PROXY, pick);
      expect(open).not.toHaveBeenCalled();
    },
  },
  {
    attack: 'a frame inside the page posts a pick while inspect mode is on',
    expected: 'no file opened; inspect mode stays on',
    run() {
      usePreview.getState().toggleInspect();
      post(inner, PROXY, pick);
      expect(open).not.toHaveBeenCalled();
      expect(usePreview.getState().inspecting).toBe(true);
    },
  },
  {
    attack: 'another origin posts a pick while inspect mode is on',
    expected: 'no file opened',
    run() {
      usePreview.getState().toggleInspect();
      post(frame, 'http://127.0.0.1:4101', pick);
      expect(open).not.toHaveBeenCalled();
    },
  },
  {
    attack: 'a pick in inspect mode whose path leaves the workspace (../../etc/passwd:1)',
    expected: 'no file opened',
    run() {
      usePreview.getState().toggleInspect();
      post(frame, PROXY, { type: 'webnova:source', source: '../../etc/passwd:1' });
      expect(open).not.toHaveBeenCalled();
    },
  },
  {
    attack: 'the page reports a navigation to another origin (to spoof the URL bar)',
    expected: 'the URL bar keeps the dev server address',
    run() {
      post(frame, PROXY, { type: 'webnova:ready', href: 'https://bank.example/login', title: 'Bank', hmr: false });
      post(frame, PROXY, { type: 'webnova:ready', href: 'not a url', title: 'x', hmr: false });
      expect(usePreview.getState()).toMatchObject({ url: 'http://localhost:5173/', title: '' });
    },
  },
  {
    attack: 'messages after the preview was closed (no frame shown), from the old frame',
    expected: 'ignored',
    run() {
      usePreview.getState().clear();
      post(frame, PROXY, consoleError);
      expect(problems()).toEqual([]);
    },
  },
  {
    attack: 'messages that are not the reporter’s (a string, an unknown type, an oversized message)',
    expected: 'ignored',
    run() {
      post(frame, PROXY, 'webnova:console');
      post(frame, PROXY, { type: 'webnova:eval', code: 'alert(1)' });
      post(frame, PROXY, { ...consoleError, message: 'x'.repeat(5000) });
      expect(problems()).toEqual([]);
    },
  },
  {
    attack: 'Electron webview: the page answers the inspect script only after inspect mode was turned off',
    expected: 'no file opened',
    async run() {
      let answer: (source: unknown) => void = () => {};
      const webview = {
        addEventListener() {},
        removeEventListener() {},
        executeJavaScript: vi.fn((code: string) =>
          code.includes('s.on = true') ? new Promise((resolve) => (answer = resolve)) : Promise.resolve(null),
        ),
      } as unknown as WebviewElement;
      setPreviewWebview(webviewCommands(webview));
      usePreview.getState().toggleInspect();
      usePreview.getState().toggleInspect();
      answer('src/secret.ts:3');
      await vi.waitFor(() => expect(webview.executeJavaScript).toHaveBeenCalledTimes(2));
      await new Promise((resolve) => setImmediate(resolve));
      expect(open).not.toHaveBeenCalled();
    },
  },
];

describe('red team, preview messages', () => {
  it.each(named(cases))('%s', async (_name, attack) => {
    await attack.run();
  });

  it('control: the frame’s own console errors are Problems, and a pick in inspect mode opens the file once', () => {
    post(frame, PROXY, consoleError);
    expect(problems()).toEqual(['boom']);
    usePreview.getState().toggleInspect();
    post(frame, PROXY, pick);
    post(frame, PROXY, pick);
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('src/secret.ts', { line: 3, column: 1 });
    expect(usePreview.getState().inspecting).toBe(false);
    // Commands go to the frame's proxy origin only, never to whatever the frame shows now.
    expect(toFrame).toHaveBeenCalledWith({ type: 'webnova:inspect', on: true }, PROXY);
  });
});
