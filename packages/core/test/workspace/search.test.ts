import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TextSearchQuery } from '../../src/contracts/index.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { generateTree } from './generated-tree.js';
import { makeTempFolder, writeTree } from './temp-folder.js';

const query = (input: TextSearchQuery) => TextSearchQuery.parse(input);

describe('Workspace.search: find text in files', () => {
  let folder: Awaited<ReturnType<typeof makeTempFolder>>;
  let workspace: Workspace;

  beforeEach(async () => {
    folder = await makeTempFolder();
    await writeTree(folder.path, {
      '.gitignore': 'dist/\n',
      'src/app.ts': 'const Todo = 1;\n  const todoList = [];\n// TODO: fix todo\n',
      'src/util.js': 'export const todo = "x";\r\nlet value = a.b;\r\n',
      'docs/ar.md': 'مهمة: todo\nالمهمة الأولى\n',
      'dist/bundle.js': 'todo todo todo\n',
      'node_modules/lib/index.js': 'todo\n',
    });
    workspace = await Workspace.open(folder.path);
  });

  afterEach(() => folder.remove());

  it('finds literal text case-insensitively by default, grouped per file with 1-based positions', async () => {
    const result = await workspace.search(query({ query: 'todo' }));
    expect(result.files.map((file) => file.path)).toEqual(['docs/ar.md', 'src/app.ts', 'src/util.js']);
    expect(result.files[1]?.matches).toEqual([
      { line: 1, column: 7, length: 4, preview: 'const Todo = 1;', previewColumn: 6 },
      { line: 2, column: 9, length: 4, preview: 'const todoList = [];', previewColumn: 6 },
      { line: 3, column: 4, length: 4, preview: '// TODO: fix todo', previewColumn: 3 },
      { line: 3, column: 14, length: 4, preview: '// TODO: fix todo', previewColumn: 13 },
    ]);
    expect(result.files[0]?.matches).toEqual([
      { line: 1, column: 7, length: 4, preview: 'مهمة: todo', previewColumn: 6 },
    ]);
    expect(result.matchCount).toBe(6);
    expect(result.filesSearched).toBe(4); // .gitignore, docs/ar.md, src/app.ts, src/util.js
    expect(result.truncated).toBe(false);
  });

  it('honours matchCase and wholeWord, including for Arabic words', async () => {
    const cased = await workspace.search(query({ query: 'TODO', matchCase: true }));
    expect(cased.matchCount).toBe(1);
    const whole = await workspace.search(query({ query: 'todo', wholeWord: true, include: ['src/**'] }));
    expect(whole.files.flatMap((file) => file.matches.map((m) => `${file.path}:${m.line}:${m.column}`))).toEqual([
      'src/app.ts:1:7',
      'src/app.ts:3:4',
      'src/app.ts:3:14',
      'src/util.js:1:14',
    ]);
    const arabic = await workspace.search(query({ query: 'المهمة', wholeWord: true }));
    expect(arabic.matchCount).toBe(1);
    const partOfWord = await workspace.search(query({ query: 'مهمة', wholeWord: true }));
    expect(partOfWord.files.flatMap((file) => file.matches.map((m) => m.line))).toEqual([1]);
  });

  it('treats regex characters literally unless asked for a regex', async () => {
    expect((await workspace.search(query({ query: 'a.b' }))).matchCount).toBe(1);
    expect((await workspace.search(query({ query: '[]' }))).matchCount).toBe(1);
    const regex = await workspace.search(query({ query: 'todo\\w+', isRegex: true }));
    expect(regex.files).toEqual([
      {
        path: 'src/app.ts',
        matches: [{ line: 2, column: 9, length: 8, preview: 'const todoList = [];', previewColumn: 6 }],
      },
    ]);
    // Classic patterns that Unicode mode rejects still work.
    expect((await workspace.search(query({ query: 'value \\= a', isRegex: true }))).matchCount).toBe(1);
  });

  it('answers INVALID_INPUT with the engine message for a broken regex', async () => {
    await expect(workspace.search(query({ query: '(unclosed', isRegex: true }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { error: expect.stringMatching(/Unterminated group/) },
    });
  });

  it('applies include and exclude globs', async () => {
    const onlyTs = await workspace.search(query({ query: 'todo', include: ['*.ts'] }));
    expect(onlyTs.files.map((file) => file.path)).toEqual(['src/app.ts']);
    const noSrc = await workspace.search(query({ query: 'todo', exclude: ['src'] }));
    expect(noSrc.files.map((file) => file.path)).toEqual(['docs/ar.md']);
    const both = await workspace.search(
      query({ query: 'todo', include: ['src/**', 'docs/*.md'], exclude: ['**/*.js'] }),
    );
    expect(both.files.map((file) => file.path)).toEqual(['docs/ar.md', 'src/app.ts']);
  });

  it('stops at maxResults and says it was truncated', async () => {
    const capped = await workspace.search(query({ query: 'todo', maxResults: 3 }));
    expect(capped.matchCount).toBe(3);
    expect(capped.files.flatMap((file) => file.matches)).toHaveLength(3);
    expect(capped.truncated).toBe(true);
    const exact = await workspace.search(query({ query: 'todo', maxResults: 6 }));
    expect(exact).toMatchObject({ matchCount: 6, truncated: false });
  });

  it('skips binary files and files over 1 MiB, and cuts long previews around the match', async () => {
    await writeFile(join(folder.path, 'blob.bin'), Buffer.concat([Buffer.from('needle'), Buffer.alloc(10)]));
    await writeFile(join(folder.path, 'big.txt'), `needle\n${'x'.repeat(1024 * 1024)}`);
    await writeFile(join(folder.path, 'long.txt'), `${'a'.repeat(500)}needle${'b'.repeat(500)}\n`);
    const result = await workspace.search(query({ query: 'needle' }));
    expect(result.files.map((file) => file.path)).toEqual(['long.txt']);
    const match = result.files[0]?.matches[0];
    expect(match).toMatchObject({ line: 1, column: 501, length: 6 });
    expect(match?.preview.length).toBeLessThanOrEqual(202);
    expect(match?.preview.slice(match.previewColumn, match.previewColumn + 6)).toBe('needle');
    expect(match?.preview).toContain('needle');
    expect(match?.preview.startsWith('…')).toBe(true);
    expect(match?.preview.endsWith('…')).toBe(true);
  });

  it('ignores empty regex matches instead of looping', async () => {
    const result = await workspace.search(query({ query: 'x*', isRegex: true, include: ['src/util.js'] }));
    expect(result.files[0]?.matches.map((match) => [match.line, match.column, match.length])).toEqual([
      [1, 2, 1],
      [1, 22, 1],
    ]);
  });
});

describe('Workspace.search on a 5,000-file tree', () => {
  let folder: Awaited<ReturnType<typeof makeTempFolder>>;

  beforeEach(async () => {
    folder = await makeTempFolder();
  });
  afterEach(() => folder.remove());

  it('searches every file (the time is a logged figure, not a pass mark; npm run bench measures it)', async () => {
    const { needleFiles } = await generateTree(folder.path, 5_000);
    const workspace = await Workspace.open(folder.path);
    for (const isRegex of [false, true]) {
      const started = performance.now();
      const result = await workspace.search(query({ query: isRegex ? 'needle\\w+' : 'needleToken', isRegex }));
      const elapsed = performance.now() - started;
      console.info(
        `${isRegex ? 'regex' : 'literal'} search of ${result.filesSearched} files: ${elapsed.toFixed(0)} ms`,
      );
      expect(result).toMatchObject({ matchCount: needleFiles, filesSearched: 5_000, truncated: false });
    }
  });
});
