import type { Stats } from 'node:fs';
import { link, lstat, mkdir, open, readdir, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { CoreError, type FileEntry } from '../contracts/index.js';
import { errnoOf, onPath, toCoreError } from './fs-errors.js';
import { compareNames } from './names.js';
import type { ResolvedPath, WorkspacePaths } from './paths.js';

function entryOf(rel: string, kind: FileEntry['kind'], stats: Stats): FileEntry {
  return { name: basename(rel), path: rel, kind, size: kind === 'directory' ? 0 : stats.size, mtimeMs: stats.mtimeMs };
}

/**
 * Describes the entry at `abs` without trusting it: a symlink that stays inside the workspace shows
 * as what it points to (so the tree can open it); one that leads outside, or nowhere, stays a
 * `symlink` that every other call refuses.
 */
export async function describeEntry(paths: WorkspacePaths, rel: string, abs: string): Promise<FileEntry> {
  const own = await lstat(abs);
  if (!own.isSymbolicLink()) return entryOf(rel, own.isDirectory() ? 'directory' : 'file', own);
  try {
    const target = await realpath(abs);
    if (paths.contains(target)) {
      const stats = await stat(target);
      return entryOf(rel, stats.isDirectory() ? 'directory' : 'file', stats);
    }
  } catch {
    // A dangling link is still an entry the user can see, rename or delete.
  }
  return entryOf(rel, 'symlink', own);
}

/** The entries of a folder: folders first, then everything else, each group in natural name order. */
export async function listFolder(paths: WorkspacePaths, folder: ResolvedPath): Promise<FileEntry[]> {
  const names = await onPath(folder.rel, () => readdir(folder.real));
  const entries = await Promise.all(
    names.map(async (name) => {
      const rel = folder.rel === '' ? name : `${folder.rel}/${name}`;
      try {
        return await describeEntry(paths, rel, paths.toAbsolute(rel));
      } catch {
        return null; // Deleted while we were listing.
      }
    }),
  );
  return entries
    .filter((entry): entry is FileEntry => entry !== null)
    .sort((a, b) => {
      const aFolder = a.kind === 'directory' ? 0 : 1;
      const bFolder = b.kind === 'directory' ? 0 : 1;
      return aFolder - bFolder || compareNames(a.name, b.name);
    });
}

/** Whether anything, even a dangling link, is at `abs`. */
async function exists(abs: string): Promise<Stats | null> {
  try {
    return await lstat(abs);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    throw error;
  }
}

function alreadyExists(rel: string): CoreError {
  return new CoreError('ALREADY_EXISTS', { code: 'ERROR_ALREADY_EXISTS', params: { path: rel } }, { path: rel });
}

function refuseRoot(target: ResolvedPath, action: 'renamed' | 'replaced' | 'deleted'): void {
  if (target.rel === '') {
    throw new CoreError('INVALID_PATH', { code: `ERROR_ROOT_${action.toUpperCase()}` }, { path: '' });
  }
}

/** Creates an empty file or a folder, and any missing folders above it; never replaces anything. */
export async function createEntry(
  paths: WorkspacePaths,
  target: ResolvedPath,
  kind: 'file' | 'directory',
): Promise<FileEntry> {
  if (target.rel === '') throw alreadyExists('');
  return onPath(target.rel, async () => {
    // A dangling link counts as taken: creating through it would make its target instead.
    if ((await exists(target.abs)) !== null) throw alreadyExists(target.rel);
    await mkdir(dirname(target.real), { recursive: true });
    if (kind === 'directory') {
      await mkdir(target.real);
    } else {
      await (await open(target.real, 'wx')).close();
    }
    return describeEntry(paths, target.rel, target.abs);
  });
}

function sameEntry(a: Stats, b: Stats): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}

/** Hard links fail with EEXIST instead of replacing, which makes them a no-overwrite rename for files. */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS', 'EINVAL']);

/**
 * Moves an entry without ever replacing what is at the target. A case-only rename of the same entry on a
 * case-insensitive disk is allowed; moving a folder into itself is not.
 */
export async function renameEntry(paths: WorkspacePaths, from: ResolvedPath, to: ResolvedPath): Promise<FileEntry> {
  refuseRoot(from, 'renamed');
  refuseRoot(to, 'replaced');
  if (to.rel === from.rel) throw alreadyExists(to.rel);
  if (to.rel.startsWith(`${from.rel}/`)) {
    throw new CoreError(
      'INVALID_PATH',
      { code: 'ERROR_MOVE_INTO_ITSELF', params: { path: from.rel } },
      { from: from.rel, to: to.rel },
    );
  }
  const source = await onPath(from.rel, async () => {
    const stats = await exists(from.abs);
    if (stats === null)
      throw new CoreError(
        'NOT_FOUND',
        { code: 'ERROR_DOES_NOT_EXIST', params: { path: from.rel } },
        { path: from.rel },
      );
    return stats;
  });
  const occupant = await onPath(to.rel, () => exists(to.abs));
  const caseOnly = occupant !== null && sameEntry(source, occupant) && from.rel.toLowerCase() === to.rel.toLowerCase();
  if (occupant !== null && !caseOnly) throw alreadyExists(to.rel);

  try {
    // Only regular files: some systems' link() follows a symlink instead of linking it.
    if (source.isFile() && !caseOnly && (await linkInstead(from.abs, to.abs))) {
      await unlink(from.abs);
    } else {
      await rename(from.abs, to.abs);
    }
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' && (await exists(from.abs)) !== null) {
      throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_TARGET_FOLDER', params: { path: to.rel } }, { path: to.rel });
    }
    throw toCoreError(error, errnoOf(error) === 'EEXIST' || errnoOf(error) === 'ENOTEMPTY' ? to.rel : from.rel);
  }
  return onPath(to.rel, () => describeEntry(paths, to.rel, to.abs));
}

/** Links `from` at `to`; false when this file system has no hard links, so the caller renames instead. */
async function linkInstead(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if (LINK_UNSUPPORTED.has(errnoOf(error) ?? '')) return false;
    throw error;
  }
}

/** Deletes a file, a link (not what it points to) or a folder with everything in it. */
export async function deleteEntry(target: ResolvedPath): Promise<void> {
  refuseRoot(target, 'deleted');
  await onPath(target.rel, () => rm(target.abs, { recursive: true, force: false }));
}
