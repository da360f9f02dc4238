import type { FileEntry } from '@webnova/core/contracts';
import { describe, expect, it } from 'vitest';
import { sortEntries, treeRows } from '../src/explorer/tree-rows';
import { validateEntryName } from '../src/explorer/validate-name';

const entry = (path: string, kind: FileEntry['kind'] = 'file'): FileEntry => ({
  path,
  name: path.split('/').pop() ?? path,
  kind,
  size: 0,
  mtimeMs: 0,
});

describe('validateEntryName', () => {
  const siblings = ['index.ts', 'src'];

  it('accepts a fresh name', () => {
    expect(validateEntryName('main.ts', siblings)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['a/b.ts', 'separator'],
    ['a\\b.ts', 'separator'],
    ['..', 'dots'],
    ['.', 'dots'],
    [' lead.ts', 'spaces'],
    ['index.ts', 'exists'],
    ['src', 'exists'],
    ['x'.repeat(256), 'tooLong'],
  ])('refuses %j as %s', (name, problem) => {
    expect(validateEntryName(name, siblings)).toBe(problem);
  });

  it('lets a rename keep its own name', () => {
    expect(validateEntryName('index.ts', siblings, 'index.ts')).toBeNull();
    expect(validateEntryName('src', siblings, 'index.ts')).toBe('exists');
  });
});

describe('tree rows', () => {
  it('sorts folders first, then names naturally', () => {
    const sorted = sortEntries([
      entry('file10.ts'),
      entry('b', 'directory'),
      entry('file2.ts'),
      entry('A', 'directory'),
    ]);
    expect(sorted.map((e) => e.name)).toEqual(['A', 'b', 'file2.ts', 'file10.ts']);
  });

  it('walks only expanded folders, with their depth', () => {
    const children = {
      '': [entry('src', 'directory'), entry('test', 'directory'), entry('README.md')],
      src: [entry('src/app', 'directory'), entry('src/index.ts')],
      'src/app': [entry('src/app/main.ts')],
      test: [entry('test/a.test.ts')],
    };
    const rows = treeRows(children, { src: true, 'src/app': true }, null);
    expect(rows.map((row) => (row.type === 'entry' ? `${row.level}:${row.entry.path}` : 'create'))).toEqual([
      '1:src',
      '2:src/app',
      '3:src/app/main.ts',
      '2:src/index.ts',
      '1:test',
      '1:README.md',
    ]);
  });

  it('puts the new-entry input first inside its folder', () => {
    const children = { '': [entry('src', 'directory')], src: [entry('src/index.ts')] };
    const rows = treeRows(children, { src: true }, { mode: 'create', parent: 'src', kind: 'file' });
    expect(rows[1]).toEqual({ type: 'create', parent: 'src', kind: 'file', level: 2 });
  });
});
