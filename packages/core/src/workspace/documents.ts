import type { Stats } from 'node:fs';
import { access, constants, lstat, stat } from 'node:fs/promises';
import { CoreError, type FileContent, type FileStat } from '../contracts/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { errnoOf, onPath, toCoreError } from './fs-errors.js';
import type { ResolvedPath } from './paths.js';
import {
  encodeText,
  etagOf,
  type LoadedFile,
  loadTextFile,
  MAX_TEXT_FILE_BYTES,
  readRegularFile,
} from './text-file.js';

function tooLarge(rel: string, size: number): CoreError {
  return new CoreError(
    'FILE_TOO_LARGE',
    {
      code: 'ERROR_FILE_TOO_LARGE',
      params: { path: rel, size: (size / 1024 / 1024).toFixed(1), limit: MAX_TEXT_FILE_BYTES / 1024 / 1024 },
    },
    { path: rel, size, limit: MAX_TEXT_FILE_BYTES },
  );
}

function fileStat(rel: string, stats: Stats, etag: string): FileStat {
  return { path: rel, size: stats.size, mtimeMs: stats.mtimeMs, etag };
}

/** Loads an editor document, turning every reason it cannot be edited into a CoreError. */
async function loadDocument(target: ResolvedPath): Promise<Extract<LoadedFile, { kind: 'text' }>> {
  const loaded = await onPath(target.rel, () => loadTextFile(target.real, MAX_TEXT_FILE_BYTES));
  switch (loaded.kind) {
    case 'text':
      return loaded;
    case 'too-large':
      throw tooLarge(target.rel, loaded.size);
    case 'binary':
      throw new CoreError(
        'BINARY_FILE',
        { code: 'ERROR_BINARY_FILE', params: { path: target.rel } },
        {
          path: target.rel,
          size: loaded.size,
        },
      );
    case 'not-a-file':
      throw new CoreError(
        'NOT_A_FILE',
        { code: 'ERROR_NOT_A_FILE', params: { path: target.rel } },
        { path: target.rel },
      );
  }
}

export async function readDocument(target: ResolvedPath): Promise<FileContent> {
  const { text, bytes, stats } = await loadDocument(target);
  return { path: target.rel, content: text, stat: fileStat(target.rel, stats, etagOf(bytes)) };
}

/**
 * Size, time and etag of a file. Files too big for the editor get a size-and-time etag instead of
 * hashing gigabytes: no write can ever be checked against them anyway. Binary files are hashed too,
 * so their etag still tells whether they changed.
 */
export async function statDocument(target: ResolvedPath): Promise<FileStat> {
  const file = await onPath(target.rel, () => readRegularFile(target.real, MAX_TEXT_FILE_BYTES));
  switch (file.kind) {
    case 'file':
      return fileStat(target.rel, file.stats, etagOf(file.bytes));
    case 'too-large':
      return fileStat(target.rel, file.stats, `W/${file.stats.size.toString(16)}-${file.stats.mtimeMs.toString(16)}`);
    case 'not-a-file':
      throw new CoreError(
        'NOT_A_FILE',
        { code: 'ERROR_NOT_A_FILE', params: { path: target.rel } },
        { path: target.rel },
      );
  }
}

/** The file as it is on disk right now, or null when there is none. */
async function currentFile(target: ResolvedPath): Promise<Stats | null> {
  try {
    const stats = await stat(target.real);
    if (!stats.isFile())
      throw new CoreError(
        'NOT_A_FILE',
        { code: 'ERROR_NOT_A_FILE', params: { path: target.rel } },
        { path: target.rel },
      );
    return stats;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    throw toCoreError(error, target.rel);
  }
}

/**
 * Saves an editor document atomically. With `expectedEtag`, the file on disk must still be the one
 * the editor read: a changed file is a CONFLICT, a deleted one NOT_FOUND, and nothing is written.
 */
export interface WriteOptions {
  /**
   * False: refuse when the path itself is a symbolic link rather than write to wherever it leads.
   * Writes a decision carries out use it: what was approved is the path, not the link's target.
   */
  followLink?: boolean;
}

export async function writeDocument(
  target: ResolvedPath,
  content: string,
  expectedEtag?: string,
  options: WriteOptions = {},
): Promise<FileStat> {
  if (target.rel === '') throw new CoreError('NOT_A_FILE', { code: 'ERROR_ROOT_NOT_A_FILE' }, { path: '' });
  if (options.followLink === false && (await lstat(target.abs).catch(() => null))?.isSymbolicLink()) {
    throw new CoreError(
      'PERMISSION_DENIED',
      { code: 'ERROR_SYMLINK_NOT_WRITTEN', params: { path: target.rel } },
      {
        path: target.rel,
        link: true,
      },
    );
  }
  const bytes = encodeText(content);
  if (bytes.length > MAX_TEXT_FILE_BYTES) throw tooLarge(target.rel, bytes.length);

  const existing = await currentFile(target);
  if (expectedEtag !== undefined) {
    if (existing === null) {
      throw new CoreError(
        'NOT_FOUND',
        { code: 'ERROR_DELETED_ON_DISK', params: { path: target.rel } },
        {
          path: target.rel,
          deleted: true,
        },
      );
    }
    const onDisk = await statDocument(target);
    if (onDisk.etag !== expectedEtag) {
      throw new CoreError(
        'CONFLICT',
        { code: 'ERROR_CHANGED_ON_DISK', params: { path: target.rel } },
        {
          path: target.rel,
          etag: onDisk.etag,
        },
      );
    }
  }
  // The rename would replace a read-only file regardless of its mode; refuse as a plain write would.
  if (existing !== null) await onPath(target.rel, () => access(target.real, constants.W_OK));

  const keep = existing ? { mode: existing.mode & 0o7777, uid: existing.uid, gid: existing.gid } : undefined;
  try {
    await writeFileAtomic(target.real, bytes, keep);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') {
      throw new CoreError(
        'NOT_FOUND',
        { code: 'ERROR_NO_PARENT_FOLDER', params: { path: target.rel } },
        { path: target.rel },
      );
    }
    throw toCoreError(error, target.rel);
  }
  const written = await onPath(target.rel, () => stat(target.real));
  return fileStat(target.rel, written, etagOf(bytes));
}
