import { readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CoreError } from '../contracts/index.js';
import { errnoOf, toCoreError } from './fs-errors.js';

/** A workspace path after confinement: one name for the API, two for the disk. */
export interface ResolvedPath {
  /** Normalised workspace-relative path with `/` separators ("" for the root). */
  readonly rel: string;
  /** The path on disk without following a final symlink: what rename and delete act on. */
  readonly abs: string;
  /** Where the path leads once every symlink is followed: what read and write act on. */
  readonly real: string;
}

const MAX_SYMLINK_HOPS = 40;

/**
 * Checks the shape of an API path and normalises it. Absolute paths and `..` that climb above the
 * root are outside the workspace; NUL bytes, backslashes and empty segments are malformed.
 */
export function normalizeWorkspacePath(input: string): string {
  if (input.startsWith('/') || input.startsWith('\\') || /^[A-Za-z]:/.test(input)) {
    throw new CoreError(
      'PATH_OUTSIDE_WORKSPACE',
      { code: 'ERROR_ABSOLUTE_PATH', params: { path: input } },
      {
        path: input,
      },
    );
  }
  if (input.includes('\0')) throw new CoreError('INVALID_PATH', { code: 'ERROR_NUL_IN_PATH' }, { path: input });
  if (input.includes('\\')) {
    throw new CoreError('INVALID_PATH', { code: 'ERROR_BACKSLASH_IN_PATH', params: { path: input } }, { path: input });
  }
  if (input === '') return '';
  const segments: string[] = [];
  for (const segment of input.split('/')) {
    if (segment === '')
      throw new CoreError('INVALID_PATH', { code: 'ERROR_EMPTY_SEGMENT', params: { path: input } }, { path: input });
    if (segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) {
        throw new CoreError(
          'PATH_OUTSIDE_WORKSPACE',
          { code: 'ERROR_PATH_LEAVES_WORKSPACE', params: { path: input } },
          { path: input },
        );
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments.join('/');
}

/** Follows symlinks like realpath, but also for paths that do not exist yet (or dangling links). */
export async function realpathOfPossiblyMissing(path: string, hops = 0): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const errno = errnoOf(error);
    if (errno !== 'ENOENT' && errno !== 'ENOTDIR') throw error;
  }
  const parent = dirname(path);
  if (parent === path) return path;
  const realParent = await realpathOfPossiblyMissing(parent, hops);
  const target = await readlink(path).catch(() => null);
  if (target === null) return join(realParent, basename(path));
  if (hops >= MAX_SYMLINK_HOPS) throw Object.assign(new Error('Too many levels of symbolic links'), { code: 'ELOOP' });
  return realpathOfPossiblyMissing(resolve(realParent, target), hops + 1);
}

/** Maps workspace paths to disk paths and refuses every one that would land outside the root. */
export class WorkspacePaths {
  readonly root: string;
  readonly #rootPrefix: string;

  /** `root` must already be a realpath. */
  constructor(root: string) {
    this.root = root;
    this.#rootPrefix = root.endsWith(sep) ? root : root + sep;
  }

  contains(realPath: string): boolean {
    return realPath === this.root || realPath.startsWith(this.#rootPrefix);
  }

  /** The workspace-relative `/` path of a disk path under the root. */
  toRelative(absPath: string): string {
    return relative(this.root, absPath).split(sep).join('/');
  }

  toAbsolute(rel: string): string {
    return rel === '' ? this.root : join(this.root, ...rel.split('/'));
  }

  /**
   * Normalises `input` and checks, on the real disk, that neither it nor any symlink on its way
   * (including a final symlink, dangling or not) leads outside the root.
   */
  async resolve(input: string): Promise<ResolvedPath> {
    const rel = normalizeWorkspacePath(input);
    const abs = this.toAbsolute(rel);
    let real: string;
    try {
      real = await realpathOfPossiblyMissing(abs);
    } catch (error) {
      throw toCoreError(error, rel);
    }
    if (!this.contains(real)) {
      throw new CoreError(
        'PATH_OUTSIDE_WORKSPACE',
        { code: 'ERROR_LINK_LEAVES_WORKSPACE', params: { path: rel } },
        {
          path: rel,
        },
      );
    }
    return { rel, abs, real };
  }
}
