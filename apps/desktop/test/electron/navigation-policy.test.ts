import { describe, expect, it } from 'vitest';
import { appEntryUrl, isRendererUrl, rendererOrigin } from '../../src/main/policy/app-origin.js';
import { decideNavigation, decideWindowOpen, isPreviewUrl } from '../../src/main/policy/navigation.js';

const built = rendererOrigin({ isPackaged: true });
const dev = rendererOrigin({ devServerUrl: 'http://localhost:5173/', isPackaged: false });

describe('renderer origin', () => {
  it('is the app protocol in a build', () => {
    expect(built.entryUrl).toBe('app://webnova/index.html');
    expect(appEntryUrl).toBe(built.entryUrl);
    expect(isRendererUrl('app://webnova/assets/index-abc.js', built)).toBe(true);
  });

  it('is the Vite dev server only in an unpackaged app and only on loopback', () => {
    expect(dev.entryUrl).toBe('http://localhost:5173/');
    expect(isRendererUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(rendererOrigin({ devServerUrl: 'http://localhost:5173/', isPackaged: true })).toEqual(built);
    expect(rendererOrigin({ devServerUrl: 'https://evil.example/', isPackaged: false })).toEqual(built);
    expect(rendererOrigin({ devServerUrl: 'not a url', isPackaged: false })).toEqual(built);
  });

  it('refuses look-alike origins', () => {
    for (const url of [
      'app://webnova.evil/index.html',
      'app://evil/index.html',
      'apps://webnova/index.html',
      'app://user:pw@webnova/index.html',
      'file:///index.html',
      'http://webnova/index.html',
      'garbage',
    ]) {
      expect(isRendererUrl(url, built), url).toBe(false);
    }
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });
});

describe('preview URLs', () => {
  it('are loopback http with a port', () => {
    expect(isPreviewUrl('http://localhost:3000/')).toBe(true);
    expect(isPreviewUrl('http://127.0.0.1:8080/app?x=1')).toBe(true);
    expect(isPreviewUrl('http://[::1]:4000/')).toBe(true);
  });

  it('are nothing else', () => {
    for (const url of [
      'https://localhost:3000/',
      'http://localhost/',
      'http://localhost.evil.com:3000/',
      'http://127.0.0.2:3000/',
      'http://user:pw@localhost:3000/',
      'http://10.0.0.1:3000/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://webnova/index.html',
      '',
    ]) {
      expect(isPreviewUrl(url), url).toBe(false);
    }
  });
});

describe('navigation', () => {
  it('keeps the top frame on the renderer', () => {
    expect(decideNavigation('app://webnova/index.html', { isMainFrame: true }, built)).toBe('allow');
    expect(decideNavigation('https://example.com/', { isMainFrame: true }, built)).toBe('deny');
    expect(decideNavigation('http://localhost:3000/', { isMainFrame: true }, built)).toBe('deny');
    expect(decideNavigation('file:///etc/passwd', { isMainFrame: true }, built)).toBe('deny');
  });

  it('lets a sub-frame show the preview but nothing foreign', () => {
    expect(decideNavigation('http://localhost:3000/', { isMainFrame: false }, built)).toBe('allow');
    expect(decideNavigation('https://example.com/', { isMainFrame: false }, built)).toBe('deny');
  });

  it('sends only preview URLs of window.open to the browser', () => {
    expect(decideWindowOpen('http://127.0.0.1:5173/')).toBe('open-in-browser');
    expect(decideWindowOpen('https://example.com/')).toBe('deny');
    expect(decideWindowOpen('app://webnova/index.html')).toBe('deny');
    expect(decideWindowOpen('smb://share/file')).toBe('deny');
  });
});
