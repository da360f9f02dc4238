import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.webnova.tmp';

/** The names of our own half-written files, which watchers and indexes should not report. */
export function isAtomicWriteTemp(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

export interface Ownership {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * Replaces `target` with `bytes` so that a reader sees either the old file or the whole new one:
 * write a temp file beside it, flush it to disk, rename it over the target, flush the folder.
 * `keep` carries the previous file's mode and owner over to the new one.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array, keep?: Ownership): Promise<void> {
  const folder = dirname(target);
  const temp = join(folder, `.${basename(target).slice(0, 100)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'wx', keep?.mode ?? 0o666);
  try {
    try {
      await handle.writeFile(bytes);
      if (keep) {
        // The umask may have narrowed the mode given to open; owners only change when we may (root).
        await handle.chmod(keep.mode);
        await handle.chown(keep.uid, keep.gid).catch(() => undefined);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Makes the rename itself durable; some platforms cannot open a folder for that, which is fine. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the folder entry is best effort.
  }
}
