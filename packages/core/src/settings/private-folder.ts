import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, link, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError, type SystemMessage } from '../contracts/index.js';
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

/** What `narrowTree` did: the paths it narrowed, and those it could not change (another user's). */
export interface Narrowed {
  readonly narrowed: string[];
  readonly failed: string[];
}

/**
 * Takes every group and other permission off what is below `root` (and `root` itself), never
 * following a link: folders become 0700, files lose their group, other and set-id bits (0644 → 0600;
 * an owner-executable file stays executable for its owner). A folder named in `fenceOnly` (relative
 * to `root`) is narrowed itself but not entered. Paths are relative to `root` ("" for itself).
 *
 * The walk goes top-down, so once `root` is 0700 no other user can swap what is below it while the
 * walk runs. Entries removed meanwhile are skipped; one it may not change (owned by another user) is
 * listed in `failed` rather than stopping the walk, so a start is never blocked by it.
 */
export async function narrowTree(root: string, fenceOnly: ReadonlySet<string> = new Set()): Promise<Narrowed> {
  const result: Narrowed = { narrowed: [], failed: [] };
  if (!HAS_MODES) return result;
  const narrow = async (path: string, rel: string, mode: number, wanted: number): Promise<void> => {
    if (mode === wanted) return;
    try {
      await chmod(path, wanted);
      if ((mode & (OTHERS | 0o7000)) !== 0) result.narrowed.push(rel);
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') result.failed.push(rel);
    }
  };
  const visit = async (path: string, rel: string): Promise<void> => {
    const info = await lstat(path).catch(() => null); // null: removed while we walked
    if (info?.isDirectory()) {
      await narrow(path, rel, info.mode & 0o7777, PRIVATE_FOLDER_MODE);
      if (fenceOnly.has(rel)) return;
      const names = await readdir(path).catch(() => [] as string[]);
      for (const name of names) await visit(join(path, name), rel === '' ? name : `${rel}/${name}`);
    } else if (info?.isFile()) {
      const mode = info.mode & 0o7777;
      await narrow(path, rel, mode, mode & 0o700);
    }
  };
  await visit(root, '');
  return result;
}

/**
 * Narrows `folder` and everything in it as `narrowTree` does and, when anything was open to other
 * users, says so in the log: what it held may already have been read. What could not be narrowed is
 * logged too: it stays readable by others until its owner fixes it.
 */
export async function repairPrivateFolder(
  folder: string,
  log: Log,
  fenceOnly: ReadonlySet<string> = new Set(),
): Promise<void> {
  const { narrowed, failed } = await narrowTree(folder, fenceOnly);
  const examples = (paths: string[]) => paths.slice(0, 5).map((rel) => rel || '.');
  if (narrowed.length > 0) {
    log('warn', 'Files or folders of WebNova could be read by other users; they are now private to you.', {
      folder,
      narrowed: narrowed.length,
      examples: examples(narrowed),
    });
  }
  if (failed.length > 0) {
    log('warn', 'Some files or folders of WebNova could not be made private to you (another user owns them).', {
      folder,
      failed: failed.length,
      examples: examples(failed),
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
    if (errnoOf(error) === 'ELOOP') throw notPrivate(path, { code: 'ERROR_PRIVATE_SYMLINK' });
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notPrivate(path, { code: 'ERROR_PRIVATE_NOT_A_FILE' });
    if (HAS_MODES) {
      const uid = process.getuid?.();
      if (uid !== undefined && info.uid !== uid)
        throw notPrivate(path, { code: 'ERROR_PRIVATE_OTHER_USER', params: { uid: info.uid } });
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

function notPrivate(path: string, why: SystemMessage): CoreError {
  return new CoreError('PERMISSION_DENIED', { code: 'ERROR_NOT_PRIVATE', params: { path, why } }, { path });
}
