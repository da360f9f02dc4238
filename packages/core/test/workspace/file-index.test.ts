import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/workspace/workspace.js';
import { generateTree } from './generated-tree.js';
import { makeTempFolder, writeTree } from './temp-folder.js';

describe('Workspace.files: the quick-open index', () => {
  let folder: Awaited<ReturnType<typeof makeTempFolder>>;
  let outside: Awaited<ReturnType<typeof makeTempFolder>>;

  beforeEach(async () => {
    folder = await makeTempFolder();
    outside = await makeTempFolder('webnova-outside-');
  });

  afterEach(async () => {
    await folder.remove();
    await outside.remove();
  });

  it('lists every file, sorted, skipping .git, node_modules and what .gitignore files ignore', async () => {
    await writeTree(folder.path, {
      '.gitignore': 'dist/\n*.log\n/secret.env\n!keep.log\n',
      '.git/HEAD': 'ref: refs/heads/main',
      'node_modules/lib/index.js': '',
      'packages/app/node_modules/dep/index.js': '',
      'dist/bundle.js': '',
      'debug.log': '',
      'keep.log': '',
      'secret.env': '',
      'nested/secret.env': '',
      'src/index.ts': '',
      'src/.gitignore': 'generated/\n!important.log\n',
      'src/generated/out.ts': '',
      'src/important.log': '',
      'src/other.log': '',
      'README.md': '',
    });
    const workspace = await Workspace.open(folder.path);
    expect(await workspace.files(1000)).toEqual({
      files: [
        '.gitignore',
        'README.md',
        'keep.log',
        'nested/secret.env',
        'src/.gitignore',
        'src/important.log',
        'src/index.ts',
      ],
      truncated: false,
    });
  });

  it('includes links to files inside but never enters linked folders', async () => {
    await writeTree(outside.path, { 'outside.ts': '' });
    await writeTree(folder.path, { 'src/a.ts': '' });
    await symlink(outside.path, join(folder.path, 'out-link'));
    await symlink(join(folder.path, 'src'), join(folder.path, 'src-link'));
    await symlink(join(folder.path, 'src', 'a.ts'), join(folder.path, 'a-link.ts'));
    await symlink(join(outside.path, 'outside.ts'), join(folder.path, 'outside-link.ts'));
    await symlink(folder.path, join(folder.path, 'src', 'loop'));
    const workspace = await Workspace.open(folder.path);
    expect((await workspace.files(1000)).files).toEqual(['a-link.ts', 'src/a.ts']);
  });

  it('stops at the limit and says so, the same way every time', async () => {
    await writeTree(folder.path, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i % 3}/f${i}.txt`, ''])));
    const workspace = await Workspace.open(folder.path);
    const first = await workspace.files(10);
    expect(first.files).toHaveLength(10);
    expect(first.truncated).toBe(true);
    expect(first.files).toEqual([...first.files].sort());
    expect(await workspace.files(10)).toEqual(first);
    expect(await workspace.files(30)).toMatchObject({ truncated: false });
  });

  it('indexes a 5,000-file tree (the time is a logged figure, not a pass mark)', async () => {
    const { files } = await generateTree(folder.path, 5_000);
    await mkdir(join(folder.path, 'node_modules', 'big'), { recursive: true });
    const workspace = await Workspace.open(folder.path);
    const started = performance.now();
    const index = await workspace.files(50_000);
    const elapsed = performance.now() - started;
    console.info(`file index of ${index.files.length} files: ${elapsed.toFixed(0)} ms`);
    expect(index).toEqual({ files, truncated: false });
  });
});
