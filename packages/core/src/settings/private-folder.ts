import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, link, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '../contracts/index.js';
import { errnoOf } from '../workspace/fs-errors.js';
import type { Log } from './json-file.js';

/**
 * WebNova's own data (settings, the event store, the AI key) is private to the user running it:
 * folders 0700, files 0600. Modes are set on the files and folders themselves, never through the
 * process umask, which every task, terminal, git call and generated project would inherit.
 * On Windows modes mean nothing: the per-user profile folder's ACL keeps the data folder private.
 */
export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const HAS_MODES = process.platform !== 'win32';
const OTHERS = 0o077;

/** Creates `folder` (and missing parents) and makes it owner-only, also when it already existed. */
export async function makePrivateFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (HAS_MODES) await chmod(folder, PRIVATE_FOLDER_MODE);
}

/**
 * Takes every group and other permission off what is below `root` (and `root` itself), never
 * following a link: folders become 0700, files lose their group and other bits (0644 → 0600; an
 * owner-executable file stays executable for its owner). A folder named in `fenceOnly` (relative to
 * `root`) is narrowed itself but not entered. Returns the paths it narrowed, relative to `root`.
 *
 * The walk goes top-down, so once `root` is 0700 no other user can swap what is below it while the
 * walk runs; a missing `root` is nothing to do.
 */
export async function narrowTree(root: string, fenceOnly: ReadonlySet<string> = new Set()): Promise<string[]> {
  const narrowed: string[] = [];
  if (!HAS_MODES) return narrowed;
  const visit = async (path: string, rel: string): Promise<void> => {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(path);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return; // removed while we walked
      throw error;
    }
    const mode = info.mode & 0o7777;
    if (info.isDirectory()) {
      if (mode !== PRIVATE_FOLDER_MODE) {
        await chmod(path, PRIVATE_FOLDER_MODE);
        narrowed.push(rel);
      }
      if (fenceOnly.has(rel)) return;
      const names = await readdir(path).catch(() => [] as string[]);
      for (const name of names) await visit(join(path, name), rel === '' ? name : `${rel}/${name}`);
    } else if (info.isFile() && (mode & (OTHERS | 0o7000)) !== 0) {
      await chmod(path, mode & 0o700).catch((error: unknown) => {
        if (errnoOf(error) !== 'ENOENT') throw error;
      });
      narrowed.push(rel);
    }
  };
  await visit(root, '');
  return narrowed;
}

/**
 * Narrows `folder` and everything in it as `narrowTree` does and, when anything was open to other
 * users, says so in the log: what it held may already have been read.
 */
export async function repairPrivateFolder(
  folder: string,
  log: Log,
  fenceOnly: ReadonlySet<string> = new Set(),
): Promise<void> {
  const narrowed = await narrowTree(folder, fenceOnly);
  if (narrowed.length > 0) {
    log('warn', 'Files or folders of WebNova could be read by other users; they are now private to you.', {
      folder,
      narrowed: narrowed.length,
      examples: narrowed.slice(0, 5).map((rel) => rel || '.'),
    });
  }
}

/**
 * Writes a file only its owner can read, whole: a 0600 temp file beside it, flushed, then renamed
 * over `path` (`exclusive`: linked to `path`, which fails with EEXIST when something is there, so
 * two writers of a new secret cannot both win and neither leaves a half-written one).
 */
export async function writePrivateFile(
  path: string,
  content: string | Uint8Array,
  options: { exclusive?: boolean } = {},
): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) await link(temp, path);
    else await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Reads a file that must be private to its owner, without following a link at it: a link or a
 * non-file is refused, as is a file another user owns (they could read or replace it); a file others
 * may read is narrowed to 0600 before it is read, and the log says so (what it held may have been
 * read). Null when there is no file.
 */
export async function readPrivateFile(path: string, log: Log): Promise<Buffer | null> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    if (errnoOf(error) === 'ELOOP') throw notPrivate(path, 'it is a symbolic link');
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notPrivate(path, 'it is not a regular file');
    if (HAS_MODES) {
      const uid = process.getuid?.();
      if (uid !== undefined && info.uid !== uid) throw notPrivate(path, `it belongs to another user (uid ${info.uid})`);
      if ((info.mode & OTHERS) !== 0) {
        await handle.chmod(PRIVATE_FILE_MODE);
        log('warn', 'A private file could be read by other users; it is now readable only by you (0600).', {
          path,
          mode: (info.mode & 0o777).toString(8),
        });
      }
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function notPrivate(path: string, why: string): CoreError {
  return new CoreError('PERMISSION_DENIED', `${path} is not used: ${why}. Remove it and set it again.`, { path });
}
