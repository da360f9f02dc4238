// The git view: status of a 5,000-file repository (target < 300 ms) with a cold repository object
// (fresh caches: index, HEAD tree, file hashes) and warm (the same object again), beside
// isomorphic-git's own statusMatrix; status after 100 files were touched (stats changed, content
// not); history of 1,000 commits. Repositories are made by the git command line, and each figure's
// baseline is the git command line doing the same on the same repository in alternate rounds
// (`git --no-optional-locks status --porcelain`, so that it never rewrites the index the other side
// reads; `git log --all --topo-order -n N`), its process start included.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { tsImport } from 'tsx/esm/api';
import { baseline, cleanup, interleaved, report, summarize, tempDir, timed } from './lib.mjs';

const { GitRepository } = await tsImport('../packages/core/src/workspace/git/index.ts', import.meta.url);

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
const cli = (cwd, args, input) =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env, input, stdio: ['pipe', 'pipe', 'pipe'] });

/** The git command line on the same repository: the baseline of every figure here. */
const gitStatus = (cwd) => cli(cwd, ['--no-optional-locks', 'status', '--porcelain']).toString();
const gitLog = (cwd, count) =>
  cli(cwd, ['log', '--all', '--topo-order', `-n${count}`, '--format=%H%x00%P%x00%an%x00%ae%x00%at%x00%s']);

/** Times `job` and the git command line's `baseline` in alternate rounds and prints the figure beside it. */
async function againstGit(figure, rounds, job, [baselineFigure, baselineJob]) {
  const [samples, cliSamples] = await interleaved(rounds, [() => timed(job), () => timed(baselineJob)]);
  report('git', figure, 'ms', summarize(samples), baseline(baselineFigure, cliSamples));
}

const dir = await tempDir('webnova-bench-git-');
try {
  // 5,000 files in 100 folders, committed; then 10 edited, 10 new.
  const big = join(dir, 'big');
  for (let d = 0; d < 100; d++) {
    await mkdir(join(big, 'src', `m${d}`), { recursive: true });
    for (let f = 0; f < 50; f++) {
      await writeFile(join(big, 'src', `m${d}`, `f${f}.ts`), `export const v${d}_${f} = ${d * f};\n`);
    }
  }
  cli(big, ['init', '-q']);
  cli(big, ['add', '-A']);
  cli(big, ['commit', '-q', '-m', '5,000 files']);
  for (let i = 0; i < 10; i++) {
    await writeFile(join(big, 'src', `m${i}`, 'f0.ts'), `export const edited = ${i};\n`);
    await writeFile(join(big, `new-${i}.ts`), 'new\n');
  }

  const status = await (await GitRepository.open(big)).status();
  const porcelain = gitStatus(big).trimEnd().split('\n');
  if (status.unstaged.length !== 10 || status.untracked.length !== 10) throw new Error('unexpected status');
  if (porcelain.filter((line) => line.startsWith(' M')).length !== 10 || porcelain.length !== 20)
    throw new Error(`git status disagrees:\n${porcelain.join('\n')}`);
  const cliStatus = ['git status --porcelain', () => gitStatus(big)];

  await againstGit(
    'status 5,000 files, cold repository object',
    5,
    async () => (await GitRepository.open(big)).status(),
    cliStatus,
  );
  const repo = await GitRepository.open(big);
  await repo.status();
  await againstGit('status 5,000 files, warm', 15, () => repo.status(), cliStatus);

  const later = new Date(Date.now() + 5_000);
  for (let d = 0; d < 100; d++) await utimes(join(big, 'src', `m${d}`, 'f1.ts'), later, later);
  // Once each: git (which leaves its index alone here) hashes the touched files on every run, this
  // repository object only on its first.
  await againstGit(
    'status 5,000 files, first after 100 files touched (hashes them)',
    1,
    () => repo.status(),
    cliStatus,
  );
  await againstGit('status 5,000 files, warm after the touch', 10, () => repo.status(), cliStatus);
  await againstGit(
    'isomorphic-git statusMatrix 5,000 files, warm cache (for comparison)',
    3,
    (
      (cache) => () =>
        git.statusMatrix({ fs, dir: big, cache })
    )({}),
    cliStatus,
  );

  // 1,000 commits through git fast-import.
  const long = join(dir, 'long');
  await mkdir(long);
  cli(long, ['init', '-q']);
  let stream = '';
  for (let i = 1; i <= 1000; i++) {
    const content = `${i}\n`;
    const message = `commit ${i}\n`;
    stream += `commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.com> ${1_700_000_000 + i} +0000\n`;
    stream += `data ${Buffer.byteLength(message)}\n${message}`;
    if (i > 1) stream += `from :${i - 1}\n`;
    stream += `M 100644 inline n.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  }
  cli(long, ['fast-import', '--quiet'], stream);
  cli(long, ['checkout', '-q', 'main']);
  const { commits } = await (await GitRepository.open(long)).log(0, 1000);
  if (commits.length !== 1000) throw new Error(`log returned ${commits.length} commits`);
  const cliLog = (count) => [`git log -n ${count}`, () => gitLog(long, count)];
  await againstGit(
    'log 1,000 commits, cold repository object',
    3,
    async () => (await GitRepository.open(long)).log(0, 1000),
    cliLog(1000),
  );
  const longRepo = await GitRepository.open(long);
  await longRepo.log(0, 1000);
  await againstGit('log 1,000 commits, warm', 5, () => longRepo.log(0, 1000), cliLog(1000));
  await againstGit('log first page of 200, warm', 5, () => longRepo.log(0, 200), cliLog(200));
} finally {
  await cleanup(dir);
}
