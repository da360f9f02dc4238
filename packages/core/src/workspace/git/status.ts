import type { BigIntStats } from 'node:fs';
import { lstatSync } from 'node:fs';
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import type { GitFileChange, GitStatus } from './contract.js';
import { readHead, type TreeFiles, treeOfCommit } from './head-tree.js';
import { type IndexEntry, readIndex } from './index-snapshot.js';
import { blobOid, GITLINK_MODE, gitModeOf, SYMLINK_MODE } from './object-hash.js';
import type { RepoContext } from './repo-context.js';
import { listWorkTree } from './work-tree.js';

/** The most files one group lists; more untracked files set `truncated`. */
export const MAX_LISTED = 5_000;

interface WorkFile {
  readonly oid: string;
  readonly mode: number;
}

interface CachedHash extends WorkFile {
  readonly key: string;
}

const UINT32 = 2 ** 32;
const STAT_SLICE = 1_000;

function lstatOrNull(path: string): BigIntStats | null {
  try {
    return lstatSync(path, { bigint: true });
  } catch {
    return null;
  }
}
const NS = 1_000_000_000n;

/** Stat fields that change whenever a file's content may have changed. */
function statKey(stats: BigIntStats): string {
  return `${stats.mtimeNs}:${stats.ctimeNs}:${stats.size}:${stats.ino}:${stats.mode}`;
}

/**
 * Whether the index's stat copy still describes the file, as git decides it: same size, inode,
 * mtime and ctime seconds. Entries written in the same instant as the index ("racily clean") are
 * never trusted. isomorphic-git stores nanoseconds through a float, so they match to 2 µs.
 */
function indexStatsMatch(entry: IndexEntry, stats: BigIntStats, indexWrittenNs: bigint): boolean {
  const mtimeSeconds = Number(stats.mtimeNs / NS);
  const mtimeNanoseconds = Number(stats.mtimeNs % NS);
  if (stats.mtimeNs >= indexWrittenNs) return false;
  return (
    entry.size === Number(stats.size) % UINT32 &&
    entry.ino === Number(stats.ino) % UINT32 &&
    entry.mtimeSeconds === mtimeSeconds &&
    (entry.mtimeNanoseconds === 0 || Math.abs(entry.mtimeNanoseconds - mtimeNanoseconds) <= 2_000) &&
    entry.ctimeSeconds === Number(stats.ctimeNs / NS)
  );
}

/**
 * Working-tree status without hashing files that did not change: a file whose stats match the
 * index (or the last time this repository hashed it) keeps the id recorded then. That is what
 * keeps a 5,000-file status fast where isomorphic-git's statusMatrix walks three trees.
 */
export class StatusReader {
  readonly #repo: RepoContext;
  readonly #trees: TreeFiles;
  readonly #hashes = new Map<string, CachedHash>();

  constructor(repo: RepoContext, trees: TreeFiles) {
    this.#repo = repo;
    this.#trees = trees;
  }

  async read(): Promise<GitStatus> {
    const repo = this.#repo;
    const [{ head, branch }, index, listed, merging, fileMode] = await Promise.all([
      readHead(repo),
      readIndex(repo),
      listWorkTree(repo.dir, repo.gitdir),
      repo.fs.promises
        .access(join(repo.gitdir, 'MERGE_HEAD'))
        .then(() => true)
        .catch(() => false),
      git.getConfig({ ...repo, path: 'core.filemode' }).then((value) => value !== false && value !== 'false'),
    ]);
    const headFiles = await this.#trees.of(repo, await treeOfCommit(repo, head));
    const work = await this.#workFiles([...index.entries.keys()], index.entries, index.writtenNs, fileMode);

    const staged: GitFileChange[] = [];
    const unstaged: GitFileChange[] = [];
    const untracked: GitFileChange[] = [];
    const conflicted = [...index.unmerged].sort().map((path): GitFileChange => ({ path, change: 'conflicted' }));

    for (const [path, entry] of index.entries) {
      const inHead = headFiles.get(path);
      if (entry.mode === GITLINK_MODE) continue; // Submodules are not followed.
      if (!inHead) staged.push({ path, change: 'added' });
      else if (inHead.oid !== entry.oid || inHead.mode !== entry.mode) staged.push({ path, change: 'modified' });
      const inWork = work.get(path);
      if (!inWork) unstaged.push({ path, change: 'deleted' });
      else if (inWork.oid !== entry.oid || inWork.mode !== entry.mode) unstaged.push({ path, change: 'modified' });
    }
    for (const path of headFiles.keys()) {
      if (!index.entries.has(path) && !index.unmerged.has(path)) staged.push({ path, change: 'deleted' });
    }
    let truncated = false;
    for (const path of listed) {
      if (index.entries.has(path) || index.unmerged.has(path)) continue;
      if (untracked.length >= MAX_LISTED) {
        truncated = true;
        break;
      }
      untracked.push({ path, change: 'untracked' });
    }
    const byPath = (a: GitFileChange, b: GitFileChange) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    return {
      isRepo: true,
      branch,
      head,
      merging,
      staged: staged.sort(byPath),
      unstaged: unstaged.sort(byPath),
      untracked: untracked.sort(byPath),
      conflicted,
      truncated,
    };
  }

  /** The id and mode of each of `paths` in the work tree; absent files are left out. */
  async #workFiles(
    paths: readonly string[],
    entries: ReadonlyMap<string, IndexEntry>,
    indexWrittenNs: bigint,
    fileMode: boolean,
  ): Promise<Map<string, WorkFile>> {
    const found = new Map<string, WorkFile>();
    const seen = new Set<string>();
    const toHash: Array<{ path: string; stats: BigIntStats; mode: number }> = [];
    // lstat in synchronous slices: for thousands of small calls that is several times faster than
    // the thread pool, and yielding between slices keeps the API responsive.
    for (let start = 0; start < paths.length; start += STAT_SLICE) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const path of paths.slice(start, start + STAT_SLICE)) {
        const stats = lstatOrNull(join(this.#repo.dir, path));
        if (!stats || !(stats.isFile() || stats.isSymbolicLink())) continue;
        seen.add(path);
        const entry = entries.get(path);
        const actual = gitModeOf(Number(stats.mode), stats.isSymbolicLink());
        // With core.filemode off (as on Windows), the executable bit is whatever the index says.
        const mode = !fileMode && entry && actual !== SYMLINK_MODE && entry.mode !== SYMLINK_MODE ? entry.mode : actual;
        const cached = this.#hashes.get(path);
        if (entry && entry.mode === mode && indexStatsMatch(entry, stats, indexWrittenNs)) {
          found.set(path, { oid: entry.oid, mode });
        } else if (cached?.key === statKey(stats)) {
          found.set(path, cached);
        } else {
          toHash.push({ path, stats, mode });
        }
      }
    }
    await Promise.all(
      toHash.map(async ({ path, stats, mode }) => {
        const absolute = join(this.#repo.dir, path);
        const content = stats.isSymbolicLink()
          ? Buffer.from(await readlink(absolute).catch(() => ''))
          : await readFile(absolute).catch(() => null);
        if (content === null) return;
        const hashed = { oid: blobOid(content), mode };
        found.set(path, hashed);
        // A file changed within the last second could change again with the same stats on a coarse clock.
        if (Number(stats.mtimeNs / 1_000_000n) < Date.now() - 1_000) {
          this.#hashes.set(path, { ...hashed, key: statKey(stats) });
        }
      }),
    );
    for (const path of this.#hashes.keys()) if (!seen.has(path)) this.#hashes.delete(path);
    return found;
  }
}

export function notARepositoryStatus(): GitStatus {
  return {
    isRepo: false,
    branch: null,
    head: null,
    merging: false,
    staged: [],
    unstaged: [],
    untracked: [],
    conflicted: [],
    truncated: false,
  };
}
