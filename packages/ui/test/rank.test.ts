import { describe, expect, it } from 'vitest';
import { rankCommands, rankFiles } from '../src/palette/rank';

const files = [
  'README.md',
  'src/index.ts',
  'src/inbox/inbox-dialog.tsx',
  'src/editor/editors-store.ts',
  'test/editors-store.test.ts',
  'apps/desktop/src/renderer/main.tsx',
];

describe('quick open ranking', () => {
  it('lists recently opened files first when there is no query', () => {
    const picks = rankFiles('', files, ['src/editor/editors-store.ts', 'gone.ts']);
    expect(picks.map((p) => p.path).slice(0, 2)).toEqual(['src/editor/editors-store.ts', 'README.md']);
    expect(picks).toHaveLength(files.length);
  });

  it('prefers a match in the file name over one spread across the path', () => {
    const picks = rankFiles('index', files, []);
    expect(picks[0]?.path).toBe('src/index.ts');
  });

  it('matches fuzzily and says which characters matched', () => {
    const [first] = rankFiles('edst', files, []);
    expect(first?.name).toBe('editors-store.ts');
    expect(first?.nameHits.length).toBe(4);
    expect(first?.nameHits.map((i) => first.name[i]).join('')).toBe('edst');
  });

  it('maps path matches onto the folder and the name', () => {
    const picks = rankFiles('renderer main', files, []);
    const main = picks.find((p) => p.path.endsWith('main.tsx'));
    expect(main).toBeDefined();
    expect(main?.folderHits.map((i) => main.folder[i]).join('')).toContain('renderer');
  });

  it('finds nothing for letters that are not there', () => {
    expect(rankFiles('zzq', files, [])).toEqual([]);
  });

  it('respects the limit', () => {
    expect(rankFiles('s', files, [], 2)).toHaveLength(2);
  });
});

describe('command ranking', () => {
  const commands = [
    { id: 'file.save', title: 'ملف: حفظ', englishTitle: 'File: Save' },
    { id: 'view.togglePanel', title: 'عرض: إظهار اللوحة أو إخفاؤها', englishTitle: 'View: Toggle Panel' },
  ];

  it('finds Arabic titles by their English names too', () => {
    expect(rankCommands('toggle panel', commands)[0]?.id).toBe('view.togglePanel');
    expect(rankCommands('حفظ', commands)[0]?.id).toBe('file.save');
  });

  it('lists everything, sorted, for an empty query', () => {
    expect(rankCommands('', commands).map((c) => c.id)).toHaveLength(2);
  });
});
