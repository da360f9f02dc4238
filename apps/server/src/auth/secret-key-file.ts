import { randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSecretKey, SECRET_KEY_BYTES, SECRET_KEY_FORMAT } from './secret-box.js';

/** The key file's name inside PGlite's data folder. */
export const KEY_FILE_NAME = 'webnova-secret.key';

export interface KeyFile {
  key: Buffer;
  path: string;
  created: boolean;
}

/**
 * The server key of an embedded-PGlite installation without WEBNOVA_SECRET_KEY: read from
 * `<dataDir>/webnova-secret.key`, or made there (random, mode 0600) on first start. It keeps secrets out
 * of a database dump, not out of a copy of the whole folder: set WEBNOVA_SECRET_KEY to keep it elsewhere.
 * A file that others may read, or that holds no key, stops the start.
 */
export async function loadOrCreateKeyFile(dataDir: string): Promise<KeyFile> {
  const path = join(dataDir, KEY_FILE_NAME);
  const key = randomBytes(SECRET_KEY_BYTES);
  // Written whole beside it, then linked into place: a crash never leaves a half-written key, and of
  // two starts at once (PGlite refuses the second anyway) only one key wins.
  const draft = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(draft, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
    return { key, path, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) {
    throw new Error(`${path} may be read by others (mode ${(mode & 0o777).toString(8)}): chmod 600 it`);
  }
  const existing = parseSecretKey(await readFile(path, 'utf8'));
  if (!existing) throw new Error(`${path} does not hold a key: it must be ${SECRET_KEY_FORMAT}`);
  return { key: existing, path, created: false };
}
