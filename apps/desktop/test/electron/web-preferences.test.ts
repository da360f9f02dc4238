import type { WebPreferences } from 'electron';
import { describe, expect, it } from 'vitest';
import { rendererOrigin } from '../../src/main/policy/app-origin.js';
import { isPermissionAllowed } from '../../src/main/policy/permissions.js';
import { hardenWebview, secureWebPreferences } from '../../src/main/policy/web-preferences.js';

describe('the window’s web preferences', () => {
  // What the main window really gets: webviews on, for the live preview only (hardenWebview guards them).
  const prefs = secureWebPreferences('/app/out/preload/index.cjs', { previewWebviews: true });

  it('follow the security checklist', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: true,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(secureWebPreferences('/app/out/preload/index.cjs').webviewTag).toBe(false);
  });
});

describe('webview guard', () => {
  it('strips preloads and Node.js and lets only a preview attach', () => {
    const prefs: WebPreferences & { preloadURL?: string } = {
      preload: '/evil.js',
      preloadURL: 'file:///evil.js',
      nodeIntegration: true,
      contextIsolation: false,
      sandbox: false,
      webSecurity: false,
      allowRunningInsecureContent: true,
      enableBlinkFeatures: 'Everything',
    };
    expect(hardenWebview(prefs, 'http://localhost:3000/')).toBe(true);
    expect(prefs).toEqual({
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });

  it('refuses any other source', () => {
    expect(hardenWebview({}, 'https://example.com/')).toBe(false);
    expect(hardenWebview({}, 'app://webnova/index.html')).toBe(false);
    expect(hardenWebview({}, '')).toBe(false);
  });
});

describe('web permissions', () => {
  const renderer = rendererOrigin({ isPackaged: true });

  it('are refused by default', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      expect(isPermissionAllowed(permission, 'app://webnova/index.html', renderer), permission).toBe(false);
    }
  });

  it('let only our renderer write to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://webnova/index.html', renderer)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://webnova', renderer)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'http://localhost:3000/', renderer)).toBe(false);
  });
});
