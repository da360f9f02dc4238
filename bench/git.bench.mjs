// The git view: status of a 5,000-file repository (target < 300 ms) with a cold repository object
// (fresh caches: index, HEAD tree, file hashes) and warm (the same object again), beside
// isomorphic-git's own statusMatrix; status after 100 files were touched (stats changed, content
// not); history of 1,000 commits. Repositories are made by the git command line.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { tsImport } from 'tsx/esm/api';
import { cleanup, report, summarize, tempDir } from './lib.mjs';

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

async function timed(job) {
  const started = performance.now();
  await job();
  return performance.now() - started;
}

async function runs(count, job) {
  const samples = [];
  for (let i = 0; i < count; i++) samples.push(await timed(job));
  return summarize(samples);
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

  let status;
  const cold = await runs(5, async () => {
    status = await (await GitRepository.open(big)).status();
  });
  report('git', 'status 5,000 files, cold repository object', 'ms', cold);
  if (status.unstaged.length !== 10 || status.untracked.length !== 10) throw new Error('unexpected status');
  const repo = await GitRepository.open(big);
  await repo.status();
  report('git', 'status 5,000 files, warm', 'ms', await runs(15, () => repo.status()));

  const later = new Date(Date.now() + 5_000);
  for (let d = 0; d < 100; d++) await utimes(join(big, 'src', `m${d}`, 'f1.ts'), later, later);
  const touched = await timed(() => repo.status());
  report('git', 'status 5,000 files, first after 100 files touched (hashes them)', 'ms', summarize([touched]));
  report('git', 'status 5,000 files, warm after the touch', 'ms', await runs(10, () => repo.status()));

  report(
    'git',
    'isomorphic-git statusMatrix 5,000 files, warm cache (for comparison)',
    'ms',
    await runs(
      3,
      (
        (cache) => () =>
          git.statusMatrix({ fs, dir: big, cache })
      )({}),
    ),
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
  let commits = 0;
  report(
    'git',
    'log 1,000 commits, cold repository object',
    'ms',
    await runs(3, async () => {
      commits = (await (await GitRepository.open(long)).log(0, 1000)).commits.length;
    }),
  );
  if (commits !== 1000) throw new Error(`log returned ${commits} commits`);
  const longRepo = await GitRepository.open(long);
  await longRepo.log(0, 1000);
  report('git', 'log 1,000 commits, warm', 'ms', await runs(5, () => longRepo.log(0, 1000)));
  report('git', 'log first page of 200, warm', 'ms', await runs(5, () => longRepo.log(0, 200)));
} finally {
  await cleanup(dir);
}
