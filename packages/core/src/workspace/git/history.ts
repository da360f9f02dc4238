import git, { type ReadCommitResult } from 'isomorphic-git';
import type { GitCommit, GitFileChange } from './contract.js';
import { flattenTree } from './head-tree.js';
import type { RepoContext } from './repo-context.js';

/** Which names point at each commit: branch names, and `HEAD`. */
export async function decorations(repo: RepoContext, head: string | null): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  const add = (oid: string, name: string) => names.set(oid, [...(names.get(oid) ?? []), name]);
  if (head) add(head, 'HEAD');
  for (const branch of await git.listBranches({ ...repo })) {
    const oid = await git.resolveRef({ ...repo, ref: `refs/heads/${branch}` }).catch(() => null);
    if (oid) add(oid, branch);
  }
  return names;
}

export function toGitCommit(read: ReadCommitResult, refs: readonly string[]): GitCommit {
  const { commit } = read;
  const message = commit.message.replace(/\n+$/, '');
  const person = (who: typeof commit.author) => ({ name: who.name, email: who.email, timestamp: who.timestamp });
  return {
    oid: read.oid,
    parents: commit.parent,
    subject: message.split('\n', 1)[0] ?? '',
    message,
    author: person(commit.author),
    committer: person(commit.committer),
    refs: [...refs],
  };
}

const MAX_CACHED_COMMITS = 50_000;
const commitCaches = new WeakMap<RepoContext, Map<string, ReadCommitResult>>();

/** Reads a commit, keeping it: commits never change, and history pages re-walk the same ones. */
async function readCommitCached(repo: RepoContext, oid: string): Promise<ReadCommitResult> {
  let cache = commitCaches.get(repo);
  if (!cache) {
    cache = new Map();
    commitCaches.set(repo, cache);
  }
  const known = cache.get(oid);
  if (known) return known;
  const read = await git.readCommit({ ...repo, oid });
  if (cache.size >= MAX_CACHED_COMMITS) cache.clear();
  cache.set(oid, read);
  return read;
}

/** Commits read beyond the page, so that a parent dated like its child still sorts after it. */
const LOOKAHEAD = 200;

const newer = (a: ReadCommitResult, b: ReadCommitResult) => a.commit.committer.timestamp > b.commit.committer.timestamp;

/** Index of the newest commit in `list` (the first of equals). */
function newestIn(list: readonly ReadCommitResult[]): number {
  let best = 0;
  for (let i = 1; i < list.length; i++)
    if (newer(list[i] as ReadCommitResult, list[best] as ReadCommitResult)) best = i;
  return best;
}

/**
 * Commits reachable from HEAD and every branch, newest committer date first and never a parent
 * before its child (`git log --all --date-order`). Commits are read newest first up to the page
 * plus a look-ahead, then ordered; a page re-walks from the tips through the object cache.
 */
export async function readLog(
  repo: RepoContext,
  head: string | null,
  skip: number,
  limit: number,
): Promise<{ commits: GitCommit[]; hasMore: boolean }> {
  const refs = await decorations(repo, head);
  const frontier: ReadCommitResult[] = [];
  const seen = new Set<string>();
  const enqueue = async (oid: string) => {
    if (seen.has(oid)) return;
    seen.add(oid);
    const read = await readCommitCached(repo, oid).catch(() => null); // A shallow or broken parent ends the line.
    if (read) frontier.push(read);
  };
  await Promise.all([...refs.keys()].map(enqueue));
  const loaded = new Map<string, ReadCommitResult>();
  const wanted = skip + limit + 1 + LOOKAHEAD;
  while (frontier.length > 0 && loaded.size < wanted) {
    const [next] = frontier.splice(newestIn(frontier), 1) as [ReadCommitResult];
    loaded.set(next.oid, next);
    await Promise.all(next.commit.parent.map(enqueue));
  }

  // Kahn's order over what was read: a commit is ready once all its children are out.
  const children = new Map<string, number>();
  for (const read of loaded.values()) {
    for (const parent of read.commit.parent)
      if (loaded.has(parent)) children.set(parent, (children.get(parent) ?? 0) + 1);
  }
  const ready = [...loaded.values()].filter((read) => !children.has(read.oid));
  const ordered: ReadCommitResult[] = [];
  while (ready.length > 0 && ordered.length < skip + limit + 1) {
    const [next] = ready.splice(newestIn(ready), 1) as [ReadCommitResult];
    ordered.push(next);
    for (const parent of next.commit.parent) {
      const left = (children.get(parent) ?? 0) - 1;
      children.set(parent, left);
      const read = loaded.get(parent);
      if (left === 0 && read) ready.push(read);
    }
  }
  const page = ordered.slice(skip, skip + limit).map((read) => toGitCommit(read, refs.get(read.oid) ?? []));
  return { commits: page, hasMore: ordered.length > skip + limit || (frontier.length > 0 && loaded.size >= wanted) };
}

/** A commit and what it changed against its first parent (everything, for a root commit). */
export async function readCommitDetails(
  repo: RepoContext,
  head: string | null,
  oid: string,
): Promise<{ commit: GitCommit; files: GitFileChange[] }> {
  const read = await git.readCommit({ ...repo, oid });
  const parent = read.commit.parent[0];
  const [after, before, refs] = await Promise.all([
    flattenTree(repo, read.commit.tree),
    parent ? git.readCommit({ ...repo, oid: parent }).then((p) => flattenTree(repo, p.commit.tree)) : new Map(),
    decorations(repo, head),
  ]);
  const files: GitFileChange[] = [];
  for (const [path, file] of after) {
    const old = before.get(path);
    if (!old) files.push({ path, change: 'added' });
    else if (old.oid !== file.oid || old.mode !== file.mode) files.push({ path, change: 'modified' });
  }
  for (const path of before.keys()) if (!after.has(path)) files.push({ path, change: 'deleted' });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { commit: toGitCommit(read, refs.get(oid) ?? []), files };
}
