import { createHash } from 'node:crypto';

/** The id git gives a file's content: SHA-1 over `blob <length>\0<content>`. */
export function blobOid(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.byteLength}\0`).update(content).digest('hex');
}

export const FILE_MODE = 0o100644;
export const EXECUTABLE_MODE = 0o100755;
export const SYMLINK_MODE = 0o120000;
export const GITLINK_MODE = 0o160000;

/** The mode git records for a file with these lstat bits. */
export function gitModeOf(statMode: number, isSymlink: boolean): number {
  if (isSymlink) return SYMLINK_MODE;
  return statMode & 0o100 ? EXECUTABLE_MODE : FILE_MODE;
}
