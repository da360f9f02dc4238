import { GitIndexManager } from 'isomorphic-git/managers';
import { FileSystem } from 'isomorphic-git/models';
import type { RepoContext } from './repo-context.js';

export interface IndexEntry {
  readonly oid: string;
  readonly mode: number;
  readonly size: number;
  readonly ino: number;
  readonly mtimeSeconds: number;
  readonly mtimeNanoseconds: number;
  readonly ctimeSeconds: number;
}

export interface IndexSnapshot {
  /** Stage-0 entries by path. */
  readonly entries: ReadonlyMap<string, IndexEntry>;
  /** Paths with conflict stages (1–3): an unfinished merge. */
  readonly unmerged: ReadonlySet<string>;
  /** When the index file was last written, in nanoseconds since the epoch (0 when there is none). */
  readonly writtenNs: bigint;
}

type GitIndex = Parameters<Parameters<typeof GitIndexManager.acquire>[1]>[0];

const wrapped = new WeakMap<RepoContext, FileSystem>();

/**
 * Runs `closure` on the parsed index through isomorphic-git's index manager (cached, re-read when
 * the file changes, written back when the closure changed it). Without an index file nothing is
 * staged and `closure` is not run: the manager would remember the file as missing for good.
 */
export async function withIndex<T>(repo: RepoContext, closure: (index: GitIndex) => Promise<T> | T): Promise<T | null> {
  const written = await repo.fs.promises.stat(`${repo.gitdir}/index`).catch(() => null);
  if (!written) return null;
  let fs = wrapped.get(repo);
  if (!fs) {
    fs = new FileSystem(repo.fs);
    wrapped.set(repo, fs);
  }
  return GitIndexManager.acquire({ fs, gitdir: repo.gitdir, cache: repo.cache, allowUnmerged: true }, closure);
}

/** Reads the index: stage-0 entries, conflicted paths and when it was written. */
export async function readIndex(repo: RepoContext): Promise<IndexSnapshot> {
  const written = await repo.fs.promises.stat(`${repo.gitdir}/index`, { bigint: true }).catch(() => null);
  const snapshot = await withIndex(repo, (index) => {
    const entries = new Map<string, IndexEntry>();
    const unmerged = new Set<string>(index.unmergedPaths);
    for (const entry of index.entriesMap.values()) {
      if (!unmerged.has(entry.path)) entries.set(entry.path, entry);
    }
    return { entries, unmerged, writtenNs: written?.mtimeNs ?? 0n };
  });
  return snapshot ?? { entries: new Map(), unmerged: new Set(), writtenNs: 0n };
}
