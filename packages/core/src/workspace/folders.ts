import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CoreError } from '../contracts/index.js';
import { onPath } from './fs-errors.js';
import { compareNames } from './names.js';

export interface FolderListing {
  path: string;
  parent: string | null;
  folders: { name: string; path: string }[];
}

async function isFolder(folder: string, entry: Dirent): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  return stat(join(folder, entry.name)).then(
    (target) => target.isDirectory(),
    () => false,
  );
}

/**
 * The visible sub-folders of an absolute folder on this machine (the home folder by default), for
 * choosing a workspace. Hidden (dot) folders are left out.
 */
export async function listFolders(path?: string): Promise<FolderListing> {
  const requested = path ?? homedir();
  if (!isAbsolute(requested)) {
    throw new CoreError(
      'INVALID_PATH',
      { code: 'ERROR_NOT_ABSOLUTE', params: { path: requested } },
      { path: requested },
    );
  }
  const folder = resolve(requested);
  const entries = await onPath(folder, () => readdir(folder, { withFileTypes: true }));
  const visible = entries.filter((entry) => !entry.name.startsWith('.'));
  const kept = await Promise.all(visible.map((entry) => isFolder(folder, entry)));
  const folders = visible
    .filter((_, i) => kept[i])
    .map((entry) => ({ name: entry.name, path: join(folder, entry.name) }))
    .sort((a, b) => compareNames(a.name, b.name));
  const parent = dirname(folder);
  return { path: folder, parent: parent === folder ? null : parent, folders };
}
