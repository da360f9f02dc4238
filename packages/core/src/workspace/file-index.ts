import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { IgnoreRules } from './ignore-rules.js';
import type { WorkspacePaths } from './paths.js';

/** The largest index the API hands out; search walks at most this many files too. */
export const MAX_INDEXED_FILES = 200_000;
const PARALLEL_FOLDERS = 16;

interface Folder {
  readonly rel: string;
  readonly rules: IgnoreRules;
}

interface FolderContents {
  readonly files: string[];
  readonly folders: Folder[];
}

function childPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

async function gitignoreRules(paths: WorkspacePaths, folder: Folder, entries: Dirent[]): Promise<IgnoreRules> {
  if (!entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) return folder.rules;
  try {
    const text = await readFile(paths.toAbsolute(childPath(folder.rel, '.gitignore')), 'utf8');
    return folder.rules.with(folder.rel, text);
  } catch {
    return folder.rules;
  }
}

/** A symlink counts as a file when it leads to a file inside the workspace; linked folders are never entered. */
async function isLinkToInsideFile(paths: WorkspacePaths, rel: string): Promise<boolean> {
  try {
    const target = await realpath(paths.toAbsolute(rel));
    return paths.contains(target) && (await stat(target)).isFile();
  } catch {
    return false;
  }
}

async function readFolder(paths: WorkspacePaths, folder: Folder): Promise<FolderContents> {
  let entries: Dirent[];
  try {
    entries = await readdir(paths.toAbsolute(folder.rel), { withFileTypes: true });
  } catch {
    return { files: [], folders: [] }; // Unreadable or deleted meanwhile: the index is best effort.
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rules = await gitignoreRules(paths, folder, entries);
  const files: string[] = [];
  const folders: Folder[] = [];
  for (const entry of entries) {
    const rel = childPath(folder.rel, entry.name);
    const isDirectory = entry.isDirectory();
    if (rules.ignores(rel, isDirectory)) continue;
    if (isDirectory) folders.push({ rel, rules });
    else if (entry.isFile() || (entry.isSymbolicLink() && (await isLinkToInsideFile(paths, rel)))) files.push(rel);
  }
  return { files, folders };
}

/** Runs `job` over `items` with at most `parallel` at a time, keeping the results in input order. */
async function mapInOrder<T, R>(items: readonly T[], parallel: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

/**
 * Every file of the workspace that git would not ignore, workspace-relative and sorted. The walk goes
 * folder level by folder level, many folders at once, and stops after the level that passes `limit`;
 * because each level is kept in name order, a truncated index is still the same for the same tree.
 */
export async function listWorkspaceFiles(
  paths: WorkspacePaths,
  limit: number,
): Promise<{ files: string[]; truncated: boolean }> {
  const found: string[] = [];
  let level: Folder[] = [{ rel: '', rules: IgnoreRules.none }];
  while (level.length > 0 && found.length <= limit) {
    const contents = await mapInOrder(level, PARALLEL_FOLDERS, (folder) => readFolder(paths, folder));
    level = [];
    for (const { files, folders } of contents) {
      for (const file of files) found.push(file);
      for (const folder of folders) level.push(folder);
    }
  }
  const truncated = found.length > limit;
  const files = truncated ? found.slice(0, limit) : found;
  return { files: files.sort(), truncated };
}
