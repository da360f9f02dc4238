import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitStatus } from '../../../src/workspace/git/contract.js';
import { GitRepository } from '../../../src/workspace/git/index.js';
import { makeTempFolder, writeTree } from '../temp-folder.js';
import { fsck, gitCli, porcelain } from './git-cli.js';

const me = { name: 'Web Nova', email: 'me@example.com' };
let folder: { path: string; remove: () => Promise<void> };
let root: string;

beforeEach(async () => {
  folder = await makeTempFolder('webnova-git-');
  root = folder.path;
});
afterEach(() => folder.remove());

/** Status groups as the short letters `git status --porcelain` would print. */
function asPorcelain(status: GitStatus): string[] {
  const lines = new Map<string, [string, string]>();
  const letter = { added: 'A', modified: 'M', deleted: 'D', untracked: '?', conflicted: 'U' } as const;
  for (const { path, change } of status.staged) lines.set(path, [letter[change], ' ']);
  for (const { path, change } of status.unstaged) lines.set(path, [lines.get(path)?.[0] ?? ' ', letter[change]]);
  for (const { path } of status.untracked) lines.set(path, ['?', '?']);
  for (const { path } of status.conflicted) lines.set(path, ['U', 'U']);
  return [...lines].map(([path, [x, y]]) => `${x}${y} ${path}`).sort();
}

async function repoWithCommit(files: Record<string, string> = { 'readme.md': '# hello\n' }): Promise<GitRepository> {
  await writeTree(root, files);
  const repo = await GitRepository.open(root);
  await repo.init('main');
  await repo.stage({ all: true });
  await repo.commit('first commit', me);
  return repo;
}

describe('GitRepository', () => {
  it('says a plain folder is not a repository and initialises one', async () => {
    const repo = await GitRepository.open(root);
    expect((await repo.status()).isRepo).toBe(false);
    await expect(repo.log(0, 10)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await repo.init('main');
    const status = await repo.status();
    expect(status).toMatchObject({ isRepo: true, branch: 'main', head: null });
    expect(gitCli(root, 'rev-parse', '--show-toplevel').trim()).toBe(root);
    await expect(repo.init('main')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('stages, unstages and commits; git fsck is clean and git log agrees', async () => {
    await writeTree(root, { 'a.txt': 'one\n', 'src/b.ts': 'export const b = 1;\n' });
    const repo = await GitRepository.open(root);
    await repo.init('main');
    expect((await repo.status()).untracked.map((c) => c.path)).toEqual(['a.txt', 'src/b.ts']);
    await repo.stage({ paths: ['a.txt'] });
    const status = await repo.status();
    expect(status.staged).toEqual([{ path: 'a.txt', change: 'added' }]);
    expect(asPorcelain(status)).toEqual(porcelain(root));
    await repo.unstage({ paths: ['a.txt'] });
    expect((await repo.status()).staged).toEqual([]);
    await repo.stage({ all: true });
    const first = await repo.commit('first commit', me);
    await writeFile(join(root, 'a.txt'), 'one\ntwo\n');
    await repo.stage({ paths: ['a.txt'] });
    const second = await repo.commit('second: more lines', me);

    fsck(root);
    expect(gitCli(root, 'log', '--format=%H %an <%ae> %s').trim().split('\n')).toEqual([
      `${second} Web Nova <me@example.com> second: more lines`,
      `${first} Web Nova <me@example.com> first commit`,
    ]);
    const log = await repo.log(0, 10);
    expect(log.commits.map((c) => c.oid)).toEqual([second, first]);
    expect(log.commits[0]).toMatchObject({ parents: [first], subject: 'second: more lines', refs: ['HEAD', 'main'] });
    expect(porcelain(root)).toEqual([]);
    expect(await repo.status()).toMatchObject({ staged: [], unstaged: [], untracked: [] });
  });

  it('refuses an empty commit and an unset path', async () => {
    const repo = await repoWithCommit();
    await expect(repo.commit('nothing', me)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(repo.stage({ paths: ['../outside.txt'] })).rejects.toMatchObject({ code: 'PATH_OUTSIDE_WORKSPACE' });
    await expect(repo.stage({ paths: ['.git/config'] })).rejects.toMatchObject({ code: 'INVALID_PATH' });
  });

  it('reports modified, deleted, staged and executable changes as git does', async () => {
    const repo = await repoWithCommit({ 'keep.txt': 'k\n', 'edit.txt': 'e\n', 'gone.txt': 'g\n', 'run.sh': 'echo\n' });
    await writeFile(join(root, 'edit.txt'), 'edited\n');
    await rm(join(root, 'gone.txt'));
    await chmod(join(root, 'run.sh'), 0o755);
    await writeTree(root, { 'new/file.txt': 'n\n', 'both.txt': 'staged\n' });
    await repo.stage({ paths: ['both.txt'] });
    await writeFile(join(root, 'both.txt'), 'staged then edited\n');
    const status = await repo.status();
    expect(asPorcelain(status)).toEqual(porcelain(root));
    expect(status.unstaged).toEqual([
      { path: 'both.txt', change: 'modified' },
      { path: 'edit.txt', change: 'modified' },
      { path: 'gone.txt', change: 'deleted' },
      { path: 'run.sh', change: 'modified' },
    ]);
    await repo.stage({ all: true });
    expect(asPorcelain(await repo.status())).toEqual(porcelain(root));
    await repo.commit('everything', me);
    fsck(root);
    expect(gitCli(root, 'ls-files', '-s', 'run.sh')).toMatch(/^100755 /);
    expect(porcelain(root)).toEqual([]);
  });

  it('gives the HEAD, index and working-tree versions of a file, and discards changes', async () => {
    const repo = await repoWithCommit({ 'a.txt': 'head\n' });
    await writeFile(join(root, 'a.txt'), 'index\n');
    await repo.stage({ paths: ['a.txt'] });
    await writeFile(join(root, 'a.txt'), 'work\n');
    await writeFile(join(root, 'scratch.txt'), 'x\n');
    expect((await repo.fileContent('a.txt', 'HEAD')).content).toBe('head\n');
    expect((await repo.fileContent('a.txt', 'index')).content).toBe('index\n');
    expect((await repo.fileContent('a.txt', 'workdir')).content).toBe('work\n');
    expect(await repo.fileContent('missing.txt', 'HEAD')).toMatchObject({ exists: false });
    await writeFile(join(root, 'bin.dat'), Buffer.from([0, 1, 2, 3, 0, 255]));
    expect(await repo.fileContent('bin.dat', 'workdir')).toMatchObject({ exists: true, binary: true });

    await repo.discard({ paths: ['a.txt', 'scratch.txt'] });
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('index\n');
    await expect(readFile(join(root, 'scratch.txt'))).rejects.toThrow();
    await repo.unstage({ all: true });
    await repo.discard({ all: true });
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('head\n');
    expect(porcelain(root)).toEqual([]); // untracked bin.dat went with discard all
  });

  it('creates, switches and deletes branches, refusing to lose changes', async () => {
    const repo = await repoWithCommit({ 'shared.txt': 'base\n', 'other.txt': 'o\n' });
    await repo.createBranch('feature/x', undefined, true);
    expect((await repo.status()).branch).toBe('feature/x');
    await writeFile(join(root, 'shared.txt'), 'feature\n');
    await repo.stage({ paths: ['shared.txt'] });
    await repo.commit('feature work', me);

    await writeFile(join(root, 'shared.txt'), 'uncommitted\n');
    await expect(repo.switchBranch('main')).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { files: ['shared.txt'] },
    });
    expect(await readFile(join(root, 'shared.txt'), 'utf8')).toBe('uncommitted\n');
    await repo.discard({ paths: ['shared.txt'] });

    // A change to a file both branches share unchanged travels along, as with git.
    await writeFile(join(root, 'other.txt'), 'carried\n');
    await repo.switchBranch('main');
    expect(await readFile(join(root, 'shared.txt'), 'utf8')).toBe('base\n');
    expect(await readFile(join(root, 'other.txt'), 'utf8')).toBe('carried\n');
    expect(gitCli(root, 'branch', '--show-current').trim()).toBe('main');
    expect(porcelain(root)).toEqual([' M other.txt']);

    await expect(repo.deleteBranch('main', false)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(repo.deleteBranch('feature/x', false)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'not-merged' },
    });
    await repo.deleteBranch('feature/x', true);
    expect((await repo.branches()).branches.map((b) => b.name)).toEqual(['main']);
    await expect(repo.switchBranch('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    fsck(root);
  });

  it('restores a file from an older commit and reverts a commit', async () => {
    const repo = await repoWithCommit({ 'a.txt': 'v1\n', 'b.txt': 'b1\n' });
    const first = (await repo.status()).head as string;
    await writeFile(join(root, 'a.txt'), 'v2\n');
    await repo.stage({ all: true });
    const second = await repo.commit('a to v2', me);
    await writeFile(join(root, 'b.txt'), 'b2\n');
    await repo.stage({ all: true });
    await repo.commit('b to b2', me);

    await repo.restoreFile('a.txt', first);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('v1\n');
    expect(porcelain(root)).toEqual(['M  a.txt']);
    await repo.unstage({ all: true });
    await repo.discard({ all: true });

    const revert = await repo.revert(second, me);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('v1\n');
    expect(await readFile(join(root, 'b.txt'), 'utf8')).toBe('b2\n');
    expect(gitCli(root, 'log', '-1', '--format=%H%n%s%n%b').trim().split('\n')).toEqual([
      revert,
      'Revert "a to v2"',
      `This reverts commit ${second}.`,
    ]);
    expect(porcelain(root)).toEqual([]);
    fsck(root);
  });

  it('refuses a revert that conflicts and leaves everything as it was', async () => {
    const repo = await repoWithCommit({ 'a.txt': 'one\n' });
    await writeFile(join(root, 'a.txt'), 'two\n');
    await repo.stage({ all: true });
    const second = await repo.commit('two', me);
    await writeFile(join(root, 'a.txt'), 'three\n');
    await repo.stage({ all: true });
    const third = await repo.commit('three', me);
    await expect(repo.revert(second, me)).rejects.toMatchObject({ code: 'CONFLICT', details: { files: ['a.txt'] } });
    expect((await repo.status()).head).toBe(third);
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('three\n');
    expect(porcelain(root)).toEqual([]);
    fsck(root);
  });

  it('pages through the history', async () => {
    const repo = await repoWithCommit({ 'n.txt': '0\n' });
    for (let i = 1; i <= 5; i++) {
      await writeFile(join(root, 'n.txt'), `${i}\n`);
      await repo.stage({ all: true });
      await repo.commit(`change ${i}`, me);
    }
    const all = gitCli(root, 'log', '--format=%H').trim().split('\n');
    const first = await repo.log(0, 4);
    const rest = await repo.log(4, 4);
    expect(first.hasMore).toBe(true);
    expect(rest.hasMore).toBe(false);
    expect([...first.commits, ...rest.commits].map((c) => c.oid)).toEqual(all);
    const details = await repo.commitDetails(all[0] as string);
    expect(details.files).toEqual([{ path: 'n.txt', change: 'modified' }]);
  });
});
