import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
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
export async function findProgram(name: string, searchPath: string): Promise<string | undefined> {
  const names = process.platform === 'win32' ? [name, `${name}.exe`, `${name}.cmd`] : [name];
  for (const folder of searchPath.split(delimiter)) {
    if (!isAbsolute(folder)) continue;
    for (const candidate of names.map((one) => join(folder, one))) {
      if (await isExecutableFile(candidate)) return realpath(candidate).catch(() => candidate);
    }
  }
  return undefined;
}
