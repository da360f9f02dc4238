import { previewMessageSchema } from '@webnova/core/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseSourceTag } from '../../src/preview/preview-messages';
import { clampSize, frameSize, usePreview, viewportPresets } from '../../src/preview/preview-store';
import { useProblems } from '../../src/problems/problems-store';

describe('preview viewports', () => {
  it('has the phone, tablet and desktop sizes, rotates them, and fills the pane otherwise', () => {
    expect(viewportPresets).toEqual({
      phone: { width: 390, height: 844 },
      tablet: { width: 820, height: 1180 },
      desktop: { width: 1440, height: 900 },
    });
    const custom = { width: 500, height: 700 };
    expect(frameSize({ viewport: 'phone', custom, rotated: false })).toEqual({ width: 390, height: 844 });
    expect(frameSize({ viewport: 'phone', custom, rotated: true })).toEqual({ width: 844, height: 390 });
    expect(frameSize({ viewport: 'custom', custom, rotated: false })).toEqual(custom);
    expect(frameSize({ viewport: 'fill', custom, rotated: true })).toBeNull();
  });

  it('keeps custom sizes within bounds', () => {
    expect(clampSize(10)).toBe(120);
    expect(clampSize(99_999)).toBe(4000);
    expect(clampSize(Number.NaN)).toBe(120);
    usePreview.getState().setCustom({ width: 640.4 });
    expect(usePreview.getState()).toMatchObject({ viewport: 'custom', custom: { width: 640 } });
  });

  it('shows the dev server address for the page the proxied frame is on', () => {
    usePreview.getState().show('http://localhost:5173/', 'http://127.0.0.1:4000/');
    usePreview.getState().pageReady('http://127.0.0.1:4000/about?x=1#top', 'About', true);
    expect(usePreview.getState()).toMatchObject({
      url: 'http://localhost:5173/about?x=1#top',
      title: 'About',
      hmr: true,
    });
  });
});

describe('inspect source tags', () => {
  it('reads path:line and path:line:column', () => {
    expect(parseSourceTag('src/App.tsx:12')).toEqual({ path: 'src/App.tsx', line: 12, column: 1 });
    expect(parseSourceTag('./src/App.tsx:12:5')).toEqual({ path: 'src/App.tsx', line: 12, column: 5 });
  });

  it('refuses paths that leave the workspace and malformed tags', () => {
    expect(parseSourceTag('../secret.txt:1')).toBeNull();
    expect(parseSourceTag('src/../../x:1')).toBeNull();
    expect(parseSourceTag('src/App.tsx')).toBeNull();
  });
});

describe('messages from the previewed page', () => {
  it('accepts what the reporter sends and nothing else', () => {
    expect(previewMessageSchema.safeParse({ type: 'webnova:console', level: 'error', message: 'boom' }).success).toBe(
      true,
    );
    expect(previewMessageSchema.safeParse({ type: 'webnova:source', source: 'src/a.ts:3' }).success).toBe(true);
    expect(previewMessageSchema.safeParse({ type: 'webnova:source', source: 'no-line' }).success).toBe(false);
    expect(previewMessageSchema.safeParse({ type: 'webnova:console', level: 'debug', message: 'x' }).success).toBe(
      false,
    );
    expect(
      previewMessageSchema.safeParse({ type: 'webnova:console', level: 'error', message: 'x'.repeat(5000) }).success,
    ).toBe(false);
    expect(previewMessageSchema.safeParse({ type: 'webnova:eval', code: 'alert(1)' }).success).toBe(false);
    expect(previewMessageSchema.safeParse('webnova:ready').success).toBe(false);
  });
});

describe('problems', () => {
  beforeEach(() => useProblems.getState().clear());

  it('counts a repeated message instead of listing it again', () => {
    const report = useProblems.getState().report;
    report({ origin: 'preview', level: 'error', message: 'boom', location: 'src/a.js:1' });
    report({ origin: 'preview', level: 'error', message: 'boom', location: 'src/a.js:1' });
    report({ origin: 'preview', level: 'warn', message: 'careful', location: null });
    expect(useProblems.getState().problems.map((p) => [p.message, p.count])).toEqual([
      ['boom', 2],
      ['careful', 1],
    ]);
  });
});
