import { chmod, lstat, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isBinaryFile } from 'isbinaryfile';
import git from 'isomorphic-git';
import { CoreError } from '../../contracts/index.js';
import type { WorkspacePaths } from '../paths.js';
import type { GitFileSource } from './contract.js';
import type { TreeFile } from './head-tree.js';
import { withIndex } from './index-snapshot.js';
import { EXECUTABLE_MODE, SYMLINK_MODE } from './object-hash.js';
import type { RepoContext } from './repo-context.js';

/** The largest file a diff is shown for. */
export const MAX_DIFF_BYTES = 5 * 1024 * 1024;

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

const ZERO_STATS = {
  ctimeSeconds: 0,
  ctimeNanoseconds: 0,
  mtimeSeconds: 0,
  mtimeNanoseconds: 0,
  dev: 0,
  ino: 0,
  uid: 0,
  gid: 0,
  size: 0,
};

/** Adds the paths' working-tree state to the index: changed and new files are added, missing ones removed. */
export async function stagePaths(repo: RepoContext, paths: WorkspacePaths, files: readonly string[]): Promise<void> {
  const present: string[] = [];
  for (const file of files) {
    const { abs } = await paths.resolve(file);
    if (await exists(abs)) present.push(file);
    else await git.remove({ ...repo, filepath: file });
  }
  if (present.length > 0) await git.add({ ...repo, filepath: present, force: true });
}

/** Puts the paths' index entries back to HEAD (or out of the index when HEAD has none). */
export async function unstagePaths(
  repo: RepoContext,
  headFiles: ReadonlyMap<string, TreeFile>,
  files: readonly string[],
): Promise<void> {
  await withIndex(repo, (index) => {
    for (const file of files) {
      const inHead = headFiles.get(file);
      index.delete({ filepath: file });
      // Zeroed stats make the next status look at the file's content once.
      if (inHead) index.insert({ filepath: file, oid: inHead.oid, stats: { ...ZERO_STATS, mode: inHead.mode } });
    }
  });
}

/** Writes a blob to the working tree as a file (or link) with git's mode. */
export async function writeBlob(repo: RepoContext, abs: string, oid: string, mode: number): Promise<void> {
  const { blob } = await git.readBlob({ ...repo, oid });
  await rm(abs, { force: true, recursive: true });
  await mkdir(dirname(abs), { recursive: true });
  if (mode === SYMLINK_MODE) await symlink(Buffer.from(blob).toString('utf8'), abs);
  else {
    await writeFile(abs, blob);
    await chmod(abs, mode === EXECUTABLE_MODE ? 0o755 : 0o644);
  }
}

/** Gives tracked files their staged content back and deletes untracked ones. */
export async function discardPaths(
  repo: RepoContext,
  paths: WorkspacePaths,
  index: ReadonlyMap<string, { oid: string; mode: number }>,
  unmerged: ReadonlySet<string>,
  files: readonly string[],
): Promise<void> {
  for (const file of files) {
    if (unmerged.has(file)) {
      throw new CoreError(
        'CONFLICT',
        { code: 'ERROR_GIT_FILE_CONFLICTED', params: { path: file } },
        {
          files: [file],
        },
      );
    }
  }
  for (const file of files) {
    const { abs } = await paths.resolve(file);
    const entry = index.get(file);
    if (entry) await writeBlob(repo, abs, entry.oid, entry.mode);
    else await rm(abs, { force: true });
  }
}

/** A blob of a commit's tree, or null when the commit has no such file. */
export async function blobAt(repo: RepoContext, commit: string, file: string): Promise<Uint8Array | null> {
  try {
    const { blob } = await git.readBlob({ ...repo, oid: commit, filepath: file });
    return blob;
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError') return null;
    throw error;
  }
}

export interface FileVersion {
  exists: boolean;
  binary: boolean;
  tooLarge: boolean;
  content: string;
}

async function describe(bytes: Uint8Array | null): Promise<FileVersion> {
  if (bytes === null) return { exists: false, binary: false, tooLarge: false, content: '' };
  if (bytes.byteLength > MAX_DIFF_BYTES) return { exists: true, binary: false, tooLarge: true, content: '' };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (await isBinaryFile(buffer, buffer.byteLength))
    return { exists: true, binary: true, tooLarge: false, content: '' };
  return { exists: true, binary: false, tooLarge: false, content: buffer.toString('utf8') };
}

/** One version of a file, for a diff. */
export async function fileVersion(
  repo: RepoContext,
  paths: WorkspacePaths,
  index: ReadonlyMap<string, { oid: string }>,
  head: string | null,
  file: string,
  source: GitFileSource,
): Promise<FileVersion> {
  if (source === 'workdir') {
    const { real } = await paths.resolve(file);
    const stats = await lstat(real).catch(() => null);
    if (!stats?.isFile()) return describe(null);
    if (stats.size > MAX_DIFF_BYTES) return { exists: true, binary: false, tooLarge: true, content: '' };
    return describe(await readFile(real));
  }
  if (source === 'index') {
    const entry = index.get(file);
    return describe(entry ? (await git.readBlob({ ...repo, oid: entry.oid })).blob : null);
  }
  const commit = source === 'HEAD' ? head : source;
  return describe(commit === null ? null : await blobAt(repo, commit, file));
}
