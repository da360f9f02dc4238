import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aheadBehind } from '../../../../src/workspace/git/remote/ahead-behind.js';
import { findGitdir, repoContext } from '../../../../src/workspace/git/repo-context.js';
import { makeTempFolder, writeTree } from '../../temp-folder.js';
import { gitCli } from '../git-cli.js';

/** Ahead/behind as `git rev-list --left-right --count` says, on histories with merges both ways. */
let folder: { path: string; remove: () => Promise<void> };
let root: string;
let step = 0;

beforeEach(async () => {
  folder = await makeTempFolder('webnova-ahead-behind-');
  root = folder.path;
  gitCli(root, 'init', '-q');
});
afterEach(async () => {
  delete process.env.GIT_COMMITTER_DATE;
  delete process.env.GIT_AUTHOR_DATE;
  await folder.remove();
});

/** The committer date of each commit: the walk goes newest first, so its order is what dates decide. */
let dateOf: (step: number) => string = () => '';

async function commit(branch: string, file: string): Promise<void> {
  const current = gitCli(root, 'symbolic-ref', '--short', 'HEAD').trim();
  if (current !== branch) gitCli(root, 'checkout', '-q', branch);
  await writeTree(root, { [file]: `${++step}\n` });
  gitCli(root, 'add', '-A');
  process.env.GIT_COMMITTER_DATE = dateOf(step);
  process.env.GIT_AUTHOR_DATE = dateOf(step);
  gitCli(root, 'commit', '-q', '-m', file);
}

async function counts(left: string, right: string) {
  const repo = repoContext(root, (await findGitdir(root)) ?? '');
  const oid = (ref: string) => gitCli(root, 'rev-parse', ref).trim();
  const [ahead, behind] = gitCli(root, 'rev-list', '--left-right', '--count', `${left}...${right}`)
    .trim()
    .split(/\s+/)
    .map(Number);
  expect(await aheadBehind(repo, oid(left), oid(right))).toEqual({ ahead, behind });
  return { ahead, behind };
}

// Every commit in one second (equal dates: the walk's order among them must not change the counts),
// and each a second after the last.
const dates: [string, (step: number) => string][] = [
  ['every commit in the same second', () => '1700000000 +0000'],
  ['each commit a second after the last', (step) => `${1700000000 + step} +0000`],
];

describe.each(dates)('aheadBehind, %s', (_, dating) => {
  beforeEach(() => {
    dateOf = dating;
  });

  it('counts like git across merges made in both directions', async () => {
    await commit('main', 'a');
    gitCli(root, 'branch', 'other');
    for (const file of ['b', 'c']) await commit('main', file);
    for (const file of ['d', 'e', 'f']) await commit('other', file);
    expect(await counts('main', 'other')).toEqual({ ahead: 2, behind: 3 });

    gitCli(root, 'checkout', '-q', 'main');
    gitCli(root, 'merge', '-q', '--no-edit', 'other');
    await commit('main', 'g');
    await commit('other', 'h');
    gitCli(root, 'checkout', '-q', 'other');
    gitCli(root, 'merge', '-q', '--no-edit', 'main');
    await commit('other', 'i');
    await commit('main', 'j');
    await counts('main', 'other');
    await counts('other', 'main');
    expect(await counts('main', 'main')).toEqual({ ahead: 0, behind: 0 });
  });
});
