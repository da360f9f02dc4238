import { describe, expect, it } from 'vitest';
import { languageOf } from '../src/editor/languages';
import { splitGlobs, splitMatch } from '../src/search/highlight';
import { clampSize, paneLimits, useLayout } from '../src/workbench/layout-store';
import { baseName, isWithin, joinPath, parentOf, rebase } from '../src/workspace/paths';

describe('workspace paths', () => {
  it('takes paths apart and together', () => {
    expect(baseName('src/app/main.ts')).toBe('main.ts');
    expect(parentOf('src/app/main.ts')).toBe('src/app');
    expect(parentOf('main.ts')).toBe('');
    expect(joinPath('', 'a.ts')).toBe('a.ts');
    expect(joinPath('src', 'a.ts')).toBe('src/a.ts');
  });

  it('knows what lies within a folder, without prefix confusion', () => {
    expect(isWithin('src/a.ts', 'src')).toBe(true);
    expect(isWithin('src', 'src')).toBe(true);
    expect(isWithin('srcs/a.ts', 'src')).toBe(false);
    expect(isWithin('anything', '')).toBe(true);
  });

  it('moves paths for a rename', () => {
    expect(rebase('src/a/b.ts', 'src/a', 'src/z')).toBe('src/z/b.ts');
    expect(rebase('src/a', 'src/a', 'lib')).toBe('lib');
  });
});

describe('languages', () => {
  it('chooses Monaco languages by extension and by file name', () => {
    expect(languageOf('src/App.TSX').id).toBe('typescript');
    expect(languageOf('a.mjs').id).toBe('javascript');
    expect(languageOf('Dockerfile').id).toBe('dockerfile');
    expect(languageOf('.env.local').id).toBe('ini');
    expect(languageOf('notes').id).toBe('plaintext');
    expect(languageOf('.gitignore')).toEqual({ id: 'plaintext', name: null });
  });
});

describe('search result highlighting', () => {
  it('splits a preview around the match', () => {
    expect(splitMatch('const answer = 42;', 6, 6)).toEqual({ before: 'const ', match: 'answer', after: ' = 42;' });
  });

  it('cuts a long lead-in so the match stays visible', () => {
    const parts = splitMatch(`${'x'.repeat(100)} needle`, 101, 6);
    expect(parts.match).toBe('needle');
    expect(parts.before.startsWith('…')).toBe(true);
    expect(parts.before.length).toBeLessThanOrEqual(19);
  });

  it('shows the preview plainly when the match lies outside it', () => {
    expect(splitMatch('short', 20, 3)).toEqual({ before: 'short', match: '', after: '' });
  });

  it('splits include and exclude fields into globs', () => {
    expect(splitGlobs(' src/**, *.ts ,,')).toEqual(['src/**', '*.ts']);
  });
});

describe('layout', () => {
  it('keeps pane sizes within their limits', () => {
    expect(clampSize('sideBarWidth', 5)).toBe(paneLimits.sideBarWidth.min);
    expect(clampSize('panelHeight', 99_999)).toBe(paneLimits.panelHeight.max);
    useLayout.getState().resize('previewWidth', 500.4);
    expect(useLayout.getState().previewWidth).toBe(500);
  });

  it('hides the side bar when its active view is clicked again, and shows another view otherwise', () => {
    useLayout.setState({ sideBarVisible: true, sideView: 'explorer' });
    useLayout.getState().toggleView('explorer');
    expect(useLayout.getState().sideBarVisible).toBe(false);
    useLayout.getState().toggleView('search');
    expect(useLayout.getState()).toMatchObject({ sideBarVisible: true, sideView: 'search' });
    useLayout.getState().toggleView('git');
    expect(useLayout.getState()).toMatchObject({ sideBarVisible: true, sideView: 'git' });
  });

  it('counts focus requests so the same target can be asked for twice', () => {
    useLayout.getState().requestFocus('explorer');
    const first = useLayout.getState().focusRequest?.seq ?? 0;
    useLayout.getState().requestFocus('explorer');
    expect(useLayout.getState().focusRequest?.seq).toBe(first + 1);
  });
});
