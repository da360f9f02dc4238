import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitRepository } from '../../../src/workspace/git/index.js';
import { makeTempFolder, writeTree } from '../temp-folder.js';
import { fsck, gitCli, porcelain } from './git-cli.js';

/** What the git command line wrote, read back by WebNova; and the other way round. */
const me = { name: 'Web Nova', email: 'me@example.com' };
let folder: { path: string; remove: () => Promise<void> };
let root: string;

beforeEach(async () => {
  folder = await makeTempFolder('webnova-git-cli-');
  root = folder.path;
  gitCli(root, 'init', '-q');
});
afterEach(() => folder.remove());

function cliCommit(message: string, files: Record<string, string>): Promise<string> {
  return writeTree(root, files).then(() => {
    gitCli(root, 'add', '-A');
    gitCli(root, 'commit', '-q', '-m', message);
    return gitCli(root, 'rev-parse', 'HEAD').trim();
  });
}

describe('git command line interop', () => {
  it('reads packed objects after git gc', async () => {
    for (let i = 0; i < 5; i++) await cliCommit(`commit ${i}`, { 'n.txt': `${i}\n`, [`f${i}.txt`]: 'x\n' });
    gitCli(root, 'gc', '-q', '--aggressive');
    expect(gitCli(root, 'count-objects', '-v')).toMatch(/^count: 0$/m);
    const repo = await GitRepository.open(root);
    const log = await repo.log(0, 50);
    expect(log.commits.map((c) => c.oid)).toEqual(gitCli(root, 'log', '--format=%H').trim().split('\n'));
    expect(log.commits[0]?.subject).toBe('commit 4');
    expect((await repo.fileContent('n.txt', 'HEAD')).content).toBe('4\n');
    expect(await repo.status()).toMatchObject({ branch: 'main', staged: [], unstaged: [], untracked: [] });

    await writeFile(join(root, 'n.txt'), 'after gc\n');
    await repo.stage({ all: true });
    await repo.commit('on top of a pack', me);
    fsck(root);
    expect(gitCli(root, 'log', '-1', '--format=%s %an').trim()).toBe('on top of a pack Web Nova');
  });

  it('honours .gitignore (nested ones too) and info/exclude like git status', async () => {
    await cliCommit('base', { '.gitignore': 'dist/\n*.log\n', 'src/.gitignore': '!keep.log\n', 'src/a.ts': 'a\n' });
    await writeTree(root, {
      'dist/out.js': 'x',
      'debug.log': 'x',
      'src/keep.log': 'k',
      'src/other.log': 'o',
      'src/new.ts': 'n',
      'secret.env': 's',
    });
    await writeFile(join(root, '.git', 'info', 'exclude'), 'secret.env\n');
    const repo = await GitRepository.open(root);
    const status = await repo.status();
    expect(status.untracked.map((c) => `?? ${c.path}`).sort()).toEqual(porcelain(root));
    expect(status.untracked.map((c) => c.path)).toEqual(['src/keep.log', 'src/new.ts']);
  });

  it('reads a detached HEAD', async () => {
    const first = await cliCommit('one', { 'a.txt': '1\n' });
    await cliCommit('two', { 'a.txt': '2\n' });
    gitCli(root, 'checkout', '-q', '--detach', first);
    const repo = await GitRepository.open(root);
    expect(await repo.status()).toMatchObject({ branch: null, head: first, staged: [], unstaged: [] });
    const log = await repo.log(0, 10);
    expect(log.commits.map((c) => [c.subject, c.refs])).toEqual([
      ['two', ['main']],
      ['one', ['HEAD']],
    ]);
    expect((await repo.branches()).current).toBeNull();
    await repo.switchBranch('main');
    expect(gitCli(root, 'symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('2\n');
  });

  it('shows merge commits with both parents', async () => {
    const base = await cliCommit('base', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    gitCli(root, 'checkout', '-q', '-b', 'topic');
    const topic = await cliCommit('topic work', { 'b.txt': 'topic\n' });
    gitCli(root, 'checkout', '-q', 'main');
    const mainWork = await cliCommit('main work', { 'a.txt': 'main\n' });
    gitCli(root, 'merge', '-q', '--no-ff', '-m', 'merge topic', 'topic');
    const merge = gitCli(root, 'rev-parse', 'HEAD').trim();

    const repo = await GitRepository.open(root);
    const log = await repo.log(0, 10);
    expect(log.commits[0]).toMatchObject({ oid: merge, parents: [mainWork, topic], refs: ['HEAD', 'main'] });
    expect(new Set(log.commits.map((c) => c.oid))).toEqual(new Set([merge, mainWork, topic, base]));
    expect(log.commits.at(-1)?.oid).toBe(base);
    const details = await repo.commitDetails(merge);
    expect(details.files).toEqual([{ path: 'b.txt', change: 'modified' }]);
  });

  it('reports a conflicted merge and commits its resolution as a merge commit', async () => {
    await cliCommit('base', { 'a.txt': 'base\n' });
    gitCli(root, 'checkout', '-q', '-b', 'topic');
    const topic = await cliCommit('topic', { 'a.txt': 'topic\n' });
    gitCli(root, 'checkout', '-q', 'main');
    const main = await cliCommit('main', { 'a.txt': 'main\n' });
    expect(() => gitCli(root, 'merge', '-q', 'topic')).toThrow();

    const repo = await GitRepository.open(root);
    const status = await repo.status();
    expect(status).toMatchObject({ merging: true, conflicted: [{ path: 'a.txt', change: 'conflicted' }] });
    await expect(repo.commit('too early', me)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { files: ['a.txt'] },
    });
    await expect(repo.switchBranch('topic')).rejects.toMatchObject({ code: 'CONFLICT' });

    await writeFile(join(root, 'a.txt'), 'resolved\n');
    await repo.stage({ paths: ['a.txt'] });
    expect(await repo.status()).toMatchObject({ conflicted: [], staged: [{ path: 'a.txt', change: 'modified' }] });
    const merge = await repo.commit('merge topic, resolved', me);
    fsck(root);
    expect(gitCli(root, 'log', '-1', '--format=%P').trim()).toBe(`${main} ${topic}`);
    expect(gitCli(root, 'rev-parse', 'HEAD').trim()).toBe(merge);
    expect(porcelain(root)).toEqual([]);
    expect(gitCli(root, 'status')).not.toMatch(/merging|unmerged/i);
  });

  it('is read by git after branch work done here', async () => {
    await cliCommit('base', { 'a.txt': 'a\n' });
    const repo = await GitRepository.open(root);
    await repo.createBranch('feature', undefined, true);
    await writeFile(join(root, 'a.txt'), 'feature\n');
    await repo.stage({ all: true });
    const oid = await repo.commit('feature change', me);
    await repo.switchBranch('main');
    fsck(root);
    expect(gitCli(root, 'branch', '--format=%(refname:short) %(objectname)').trim().split('\n').sort()).toEqual(
      [`feature ${oid}`, `main ${gitCli(root, 'rev-parse', 'main').trim()}`].sort(),
    );
    expect(porcelain(root)).toEqual([]);
    expect(gitCli(root, 'diff', '--stat', 'main', 'feature')).toMatch(/a\.txt/);
  });
});
