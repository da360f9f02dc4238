import { execFileSync } from 'node:child_process';

export const CLI_IDENTITY = {
  GIT_AUTHOR_NAME: 'Cli User',
  GIT_AUTHOR_EMAIL: 'cli@example.com',
  GIT_COMMITTER_NAME: 'Cli User',
  GIT_COMMITTER_EMAIL: 'cli@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs the real git command line in `dir` and returns its standard output. */
export function gitCli(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    env: { ...process.env, ...CLI_IDENTITY },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `git fsck --full --strict`: throws (non-zero exit) on any broken object; returns what it printed. */
export function fsck(dir: string): string {
  return execFileSync('git', ['fsck', '--full', '--strict', '--no-dangling'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `git status --porcelain` as "XY path" lines, sorted. */
export function porcelain(dir: string): string[] {
  return gitCli(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).sort();
}
