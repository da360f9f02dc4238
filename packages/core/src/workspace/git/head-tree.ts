import git from 'isomorphic-git';
import type { RepoContext } from './repo-context.js';

export interface TreeFile {
  readonly oid: string;
  readonly mode: number;
}

/** Every file of a tree, by path. Trees never change, so one flattened tree is kept per repository. */
export class TreeFiles {
  #tree: string | null = null;
  #files = new Map<string, TreeFile>();

  async of(repo: RepoContext, treeOid: string | null): Promise<ReadonlyMap<string, TreeFile>> {
    if (treeOid === null) return new Map();
    if (this.#tree !== treeOid) {
      this.#files = await flattenTree(repo, treeOid);
      this.#tree = treeOid;
    }
    return this.#files;
  }
}

export async function flattenTree(repo: RepoContext, treeOid: string): Promise<Map<string, TreeFile>> {
  const files = new Map<string, TreeFile>();
  const visit = async (oid: string, prefix: string): Promise<void> => {
    const { tree } = await git.readTree({ ...repo, oid });
    const folders: Promise<void>[] = [];
    for (const entry of tree) {
      const path = prefix === '' ? entry.path : `${prefix}/${entry.path}`;
      if (entry.type === 'tree') folders.push(visit(entry.oid, path));
      else if (entry.type === 'blob') files.set(path, { oid: entry.oid, mode: Number.parseInt(entry.mode, 8) });
    }
    await Promise.all(folders);
  };
  await visit(treeOid, '');
  return files;
}

/** The commit HEAD points at (null before the first commit) and the checked-out branch (null when detached). */
export async function readHead(repo: RepoContext): Promise<{ head: string | null; branch: string | null }> {
  const branch = (await git.currentBranch({ ...repo })) ?? null;
  const head = await git.resolveRef({ ...repo, ref: 'HEAD' }).catch(() => null);
  return { head, branch };
}

export async function treeOfCommit(repo: RepoContext, oid: string | null): Promise<string | null> {
  if (oid === null) return null;
  const { commit } = await git.readCommit({ ...repo, oid });
  return commit.tree;
}
