import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeWorkspacePath } from '../../src/workspace/paths.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { makeTempFolder, writeTree } from './temp-folder.js';

describe('normalizeWorkspacePath', () => {
  it('keeps clean relative paths and resolves . and .. inside the root', () => {
    expect(normalizeWorkspacePath('')).toBe('');
    expect(normalizeWorkspacePath('src/index.ts')).toBe('src/index.ts');
    expect(normalizeWorkspacePath('./src/../lib/a.ts')).toBe('lib/a.ts');
    expect(normalizeWorkspacePath('src/..')).toBe('');
  });

  it.each([
    '/etc/passwd',
    'C:\\Windows\\system32',
    'c:/Windows',
    '\\\\server\\share',
    '..',
    '../outside.txt',
    'src/../../outside.txt',
  ])('refuses %j as outside the workspace', (path) => {
    expect(() => normalizeWorkspacePath(path)).toThrow(expect.objectContaining({ code: 'PATH_OUTSIDE_WORKSPACE' }));
  });

  it.each(['a\0b', 'src\\index.ts', 'src//a.ts', 'src/', 'a/./'])('refuses %j as malformed', (path) => {
    expect(() => normalizeWorkspacePath(path)).toThrow(expect.objectContaining({ code: 'INVALID_PATH' }));
  });
});

describe('Workspace confinement on disk', () => {
  let outside: Awaited<ReturnType<typeof makeTempFolder>>;
  let inside: Awaited<ReturnType<typeof makeTempFolder>>;
  let workspace: Workspace;

  beforeEach(async () => {
    outside = await makeTempFolder('webnova-outside-');
    inside = await makeTempFolder();
    await writeTree(outside.path, { 'secret.txt': 'secret', 'dir/inner.txt': 'inner' });
    await writeTree(inside.path, { 'src/real.txt': 'real', 'docs/readme.md': '# hi' });
    await symlink(join(outside.path, 'secret.txt'), join(inside.path, 'secret-link.txt'));
    await symlink(join(outside.path, 'dir'), join(inside.path, 'src', 'out-dir'));
    await symlink(join(outside.path, 'not-yet.txt'), join(inside.path, 'dangling-out.txt'));
    await symlink('../src/real.txt', join(inside.path, 'docs', 'inside-link.txt'));
    await symlink('../docs', join(inside.path, 'src', 'docs-link'));
    workspace = await Workspace.open(inside.path);
  });

  afterEach(async () => {
    await inside.remove();
    await outside.remove();
  });

  const outsideCalls: [string, (ws: Workspace) => Promise<unknown>][] = [
    ['read through a file link', (ws) => ws.read('secret-link.txt')],
    ['stat through a file link', (ws) => ws.stat('secret-link.txt')],
    ['read through a folder link at depth', (ws) => ws.read('src/out-dir/inner.txt')],
    ['list a linked outside folder', (ws) => ws.list('src/out-dir')],
    ['write through a file link', (ws) => ws.write('secret-link.txt', 'pwned')],
    ['write a new file in a linked folder', (ws) => ws.write('src/out-dir/new.txt', 'pwned')],
    ['write through a dangling link', (ws) => ws.write('dangling-out.txt', 'pwned')],
    ['create in a linked folder', (ws) => ws.create('src/out-dir/new-dir', 'directory')],
    ['create deep below a linked folder', (ws) => ws.create('src/out-dir/a/b/c.txt', 'file')],
    ['rename into a linked folder', (ws) => ws.rename('src/real.txt', 'src/out-dir/stolen.txt')],
    ['rename out of a linked folder', (ws) => ws.rename('src/out-dir/inner.txt', 'inner.txt')],
    ['delete in a linked folder', (ws) => ws.delete('src/out-dir/inner.txt')],
    ['delete an outside link', (ws) => ws.delete('secret-link.txt')],
    ['read an absolute path', (ws) => ws.read(join(outside.path, 'secret.txt'))],
    ['read with .. escaping', (ws) => ws.read('../secret.txt')],
  ];

  it.each(outsideCalls)('refuses to %s', async (_, call) => {
    await expect(call(workspace)).rejects.toMatchObject({ code: 'PATH_OUTSIDE_WORKSPACE' });
    expect(await readFile(join(outside.path, 'secret.txt'), 'utf8')).toBe('secret');
    expect(await readFile(join(outside.path, 'dir', 'inner.txt'), 'utf8')).toBe('inner');
    await expect(readFile(join(outside.path, 'dir', 'new.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(join(outside.path, 'not-yet.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to rename or delete the workspace folder itself', async () => {
    await expect(workspace.delete('')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(workspace.delete('src/..')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(workspace.rename('', 'moved')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(workspace.rename('src', '')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    expect((await workspace.list('')).length).toBeGreaterThan(0);
  });

  it('follows links that stay inside the workspace', async () => {
    expect((await workspace.read('docs/inside-link.txt')).content).toBe('real');
    expect((await workspace.read('src/docs-link/readme.md')).content).toBe('# hi');
    await workspace.write('docs/inside-link.txt', 'changed through the link');
    expect(await readFile(join(inside.path, 'src', 'real.txt'), 'utf8')).toBe('changed through the link');
    const entries = await workspace.list('src');
    expect(entries.find((entry) => entry.name === 'docs-link')?.kind).toBe('directory');
    expect(entries.find((entry) => entry.name === 'out-dir')?.kind).toBe('symlink');
  });

  it('rejects malformed paths before touching the disk', async () => {
    await expect(workspace.read('src\\real.txt')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(workspace.write('src//real.txt', 'x')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(workspace.create('a\0b', 'file')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(workspace.read('C:\\secret.txt')).rejects.toMatchObject({ code: 'PATH_OUTSIDE_WORKSPACE' });
  });

  it('opens only existing absolute folders, by their real path', async () => {
    await mkdir(join(outside.path, 'project'));
    await symlink(join(outside.path, 'project'), join(outside.path, 'project-link'));
    await writeFile(join(outside.path, 'file.txt'), 'x');
    const opened = await Workspace.open(join(outside.path, 'project-link'));
    expect(opened.root).toBe(join(outside.path, 'project'));
    expect(opened.name).toBe('project');
    await expect(Workspace.open('relative/folder')).rejects.toMatchObject({ code: 'INVALID_PATH' });
    await expect(Workspace.open(join(outside.path, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(Workspace.open(join(outside.path, 'file.txt'))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
  });
});
