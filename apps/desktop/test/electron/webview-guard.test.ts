import type { WebPreferences } from 'electron';
import { describe, expect, it } from 'vitest';
import { decideGuestNavigation, guardWebviewAttach } from '../../src/main/policy/webview.js';

describe('will-attach-webview guard', () => {
  it('lets the preview attach, with no preload, no Node.js and the renderer’s isolation', () => {
    const prefs: WebPreferences & { preloadURL?: string } = {
      preload: '/tmp/evil.js',
      preloadURL: 'file:///tmp/evil.js',
      nodeIntegration: true,
      nodeIntegrationInSubFrames: true,
      contextIsolation: false,
      sandbox: false,
      webSecurity: false,
    };
    const params: Record<string, string | undefined> = {
      src: 'http://127.0.0.1:41234/',
      preload: 'file:///tmp/evil.js',
      nodeintegration: 'on',
      disablewebsecurity: 'on',
      partition: 'persist:x',
    };
    expect(guardWebviewAttach(prefs, params)).toBe(true);
    expect(prefs.preload).toBeUndefined();
    expect(prefs.preloadURL).toBeUndefined();
    expect(prefs).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
    });
    expect(params).toEqual({ src: 'http://127.0.0.1:41234/', partition: 'persist:x' });
  });

  it('refuses anything but a loopback http address with a port', () => {
    for (const src of [
      'https://example.com/',
      'http://192.168.1.4:3000/',
      'app://webnova/index.html',
      'file:///etc/passwd',
      'http://localhost/',
      'http://user:pw@localhost:3000/',
      'javascript:alert(1)',
      '',
    ]) {
      expect(guardWebviewAttach({}, { src }), src).toBe(false);
    }
    expect(guardWebviewAttach({}, {})).toBe(false);
    expect(guardWebviewAttach({}, { src: 'http://localhost:5173/' })).toBe(true);
    expect(guardWebviewAttach({}, { src: 'http://[::1]:5173/' })).toBe(true);
  });
});

describe('navigation inside the preview webview', () => {
  it('stays on loopback preview addresses, never the IDE’s own origin', () => {
    expect(decideGuestNavigation('http://127.0.0.1:41234/about')).toBe('allow');
    expect(decideGuestNavigation('https://example.com/')).toBe('deny');
    expect(decideGuestNavigation('app://webnova/index.html')).toBe('deny');
    expect(decideGuestNavigation('file:///etc/passwd')).toBe('deny');
  });
});
