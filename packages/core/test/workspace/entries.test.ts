import { lstat, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../src/workspace/workspace.js';
import { makeTempFolder, writeTree } from './temp-folder.js';

describe('Workspace entries: list, create, rename, delete', () => {
  let folder: Awaited<ReturnType<typeof makeTempFolder>>;
  let workspace: Workspace;
  const onDisk = (path: string) => join(folder.path, ...path.split('/'));

  beforeEach(async () => {
    folder = await makeTempFolder();
    await writeTree(folder.path, {
      'file10.txt': '10',
      'file2.txt': '2',
      'B.md': 'b',
      'a.md': 'aaa',
      'zeta/inner.txt': 'inner',
      'Alpha/deep/leaf.txt': 'leaf',
    });
    workspace = await Workspace.open(folder.path);
  });

  afterEach(() => folder.remove());

  it('lists folders first, then files, each in natural name order', async () => {
    const entries = await workspace.list('');
    expect(entries.map((entry) => entry.name)).toEqual(['Alpha', 'zeta', 'a.md', 'B.md', 'file2.txt', 'file10.txt']);
    expect(entries[0]).toMatchObject({ path: 'Alpha', kind: 'directory', size: 0 });
    expect(entries.find((entry) => entry.name === 'a.md')).toMatchObject({ path: 'a.md', kind: 'file', size: 3 });
    expect((await workspace.list('Alpha/deep')).map((entry) => entry.path)).toEqual(['Alpha/deep/leaf.txt']);
  });

  it('refuses to list what is not a folder', async () => {
    await expect(workspace.list('a.md')).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
    await expect(workspace.list('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates empty files and folders, with missing parent folders, and never replaces', async () => {
    expect(await workspace.create('new/nested/file.ts', 'file')).toMatchObject({
      name: 'file.ts',
      path: 'new/nested/file.ts',
      kind: 'file',
      size: 0,
    });
    expect(await readFile(onDisk('new/nested/file.ts'), 'utf8')).toBe('');
    expect(await workspace.create('made', 'directory')).toMatchObject({ path: 'made', kind: 'directory' });
    expect((await lstat(onDisk('made'))).isDirectory()).toBe(true);

    await expect(workspace.create('a.md', 'file')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(workspace.create('zeta', 'directory')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(workspace.create('zeta', 'file')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(workspace.create('', 'directory')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await readFile(onDisk('a.md'), 'utf8')).toBe('aaa');
  });

  it('counts a dangling link as taken when creating', async () => {
    await symlink('nowhere.txt', onDisk('dangling.txt'));
    await expect(workspace.create('dangling.txt', 'file')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(lstat(onDisk('nowhere.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('renames and moves files and folders', async () => {
    expect(await workspace.rename('a.md', 'zeta/a-moved.md')).toMatchObject({ path: 'zeta/a-moved.md', kind: 'file' });
    expect(await readFile(onDisk('zeta/a-moved.md'), 'utf8')).toBe('aaa');
    await expect(lstat(onDisk('a.md'))).rejects.toMatchObject({ code: 'ENOENT' });

    expect(await workspace.rename('Alpha', 'zeta/Alpha2')).toMatchObject({ path: 'zeta/Alpha2', kind: 'directory' });
    expect(await readFile(onDisk('zeta/Alpha2/deep/leaf.txt'), 'utf8')).toBe('leaf');
  });

  it('never overwrites on rename: files, folders, and empty folders alike', async () => {
    await workspace.create('empty', 'directory');
    await expect(workspace.rename('a.md', 'B.md')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(workspace.rename('zeta', 'Alpha')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(workspace.rename('zeta', 'empty')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(workspace.rename('a.md', 'empty')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await readFile(onDisk('a.md'), 'utf8')).toBe('aaa');
    expect(await readFile(onDisk('B.md'), 'utf8')).toBe('b');
    expect(await readFile(onDisk('zeta/inner.txt'), 'utf8')).toBe('inner');
  });

  it('renames a file only by case', async () => {
    expect(await workspace.rename('a.md', 'A.md')).toMatchObject({ path: 'A.md' });
    expect((await workspace.list('')).map((entry) => entry.name)).toContain('A.md');
    expect((await workspace.list('')).map((entry) => entry.name)).not.toContain('a.md');
  });

  it('refuses missing sources, missing target folders and moving a folder into itself', async () => {
    await expect(workspace.rename('missing.txt', 'x.txt')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(workspace.rename('a.md', 'no/such/folder/a.md')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(workspace.rename('Alpha', 'Alpha/deep/Alpha')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    expect(await readFile(onDisk('a.md'), 'utf8')).toBe('aaa');
  });

  it('renames a link itself, not what it points to', async () => {
    await symlink('a.md', onDisk('link.md'));
    expect(await workspace.rename('link.md', 'zeta/link.md')).toMatchObject({ path: 'zeta/link.md' });
    expect(await readlink(onDisk('zeta/link.md'))).toBe('a.md');
    expect(await readFile(onDisk('a.md'), 'utf8')).toBe('aaa');
  });

  it('deletes files, links and whole folders', async () => {
    await symlink('Alpha', onDisk('alpha-link'));
    await workspace.delete('alpha-link');
    expect(await readFile(onDisk('Alpha/deep/leaf.txt'), 'utf8')).toBe('leaf');
    await workspace.delete('Alpha');
    await expect(lstat(onDisk('Alpha'))).rejects.toMatchObject({ code: 'ENOENT' });
    await workspace.delete('a.md');
    await expect(lstat(onDisk('a.md'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(workspace.delete('a.md')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('maps errors under a file to NOT_A_DIRECTORY', async () => {
    await writeFile(onDisk('plain'), 'x');
    await expect(workspace.create('plain/child.txt', 'file')).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
    await expect(workspace.write('plain/child.txt', 'x')).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
  });
});
