import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Only the server's own user may enter a data folder, or read or write what is in it. */
const PRIVATE_FOLDER = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Makes `dir` (created if missing) and everything under it private to this user: folders 0700, files
 * 0600. A data folder holds password hashes in its pages and write-ahead log, and PGlite creates its
 * files with the process's umask (often 0644 or 0666). Walking it on every start also fixes a folder
 * made by an earlier version. The umask itself is left alone: it belongs to the process, not to this
 * folder. Symbolic links are not followed.
 */
export async function makePrivate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_FOLDER });
  await chmod(dir, PRIVATE_FOLDER);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makePrivate(path);
    else if (entry.isFile()) await chmod(path, PRIVATE_FILE);
  }
}
