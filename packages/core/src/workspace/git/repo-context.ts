import * as fs from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

/** What every isomorphic-git call needs: the file system, the work tree, the git folder and a shared cache. */
export interface RepoContext {
  readonly fs: typeof fs;
  readonly dir: string;
  readonly gitdir: string;
  /** isomorphic-git's cache (parsed index, pack indexes); one per open repository. */
  readonly cache: object;
}

/**
 * The git folder of a work tree whose root is `dir`: `dir/.git`, or where a `.git` file points
 * (`gitdir: …`, as in linked worktrees and submodules). Null when `dir` is not a repository root.
 */
export async function findGitdir(dir: string): Promise<string | null> {
  const dotGit = join(dir, '.git');
  const stats = await stat(dotGit).catch(() => null);
  if (!stats) return null;
  if (stats.isDirectory()) return dotGit;
  const text = await readFile(dotGit, 'utf8').catch(() => '');
  const target = /^gitdir:\s*(.+?)\s*$/m.exec(text)?.[1];
  if (!target) return null;
  const gitdir = isAbsolute(target) ? target : resolve(dir, target);
  return (await stat(gitdir).catch(() => null))?.isDirectory() ? gitdir : null;
}

export function repoContext(dir: string, gitdir: string): RepoContext {
  return { fs, dir, gitdir, cache: {} };
}
