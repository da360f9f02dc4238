import { constants } from 'node:fs';
import { access, open, realpath, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The file a program name runs, as the system would find it on `searchPath` (its real path), or
 * undefined. Relative entries are skipped: they would make the answer depend on the folder a process
 * runs in. On Windows the usual extensions are tried.
 */
export async function findProgram(
  name: string,
  searchPath: string,
  options: { followLinks?: boolean } = {},
): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [name, `${name}.exe`, `${name}.cmd`] : [name];
  for (const folder of searchPath.split(delimiter)) {
    if (!isAbsolute(folder)) continue;
    for (const candidate of names.map((one) => join(folder, one))) {
      if (!(await isExecutableFile(candidate))) continue;
      // Unfollowed, for a program that acts by the name it is called by (rustup's `rustc` links to rustup).
      if (options.followLinks === false) return candidate;
      return realpath(candidate).catch(() => candidate);
    }
  }
  return undefined;
}

/** Whether a file is a native program, not a script: version-manager shims are scripts needing their manager's home. */
async function isNativeProgram(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { buffer } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return buffer.toString('latin1') === '\x7fELF';
  } finally {
    await handle.close();
  }
}

/** The first native program called `name` on `searchPath` (skipping shims). */
export async function findNativeProgram(name: string, searchPath: string): Promise<string | undefined> {
  for (const folder of searchPath.split(delimiter)) {
    if (!isAbsolute(folder)) continue;
    const found = await findProgram(name, folder);
    if (found && (await isNativeProgram(found))) return found;
  }
  return undefined;
}

/**
 * The program a decided command runs: the first native program of that name on `searchPath`, else the
 * first of any kind. A version manager's shim (pyenv's, asdf's) is a script that needs its manager's
 * home and environment, which a sandbox does not have; the real program it would end up running is
 * later on the path. A program that is only ever a script (npm, npx) is found as one.
 */
export async function findRunnableProgram(name: string, searchPath: string): Promise<string | undefined> {
  return (await findNativeProgram(name, searchPath)) ?? (await findProgram(name, searchPath));
}
