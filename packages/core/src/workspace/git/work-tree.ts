import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IgnoreRules } from '../ignore-rules.js';

/**
 * Every file of the work tree that git would not ignore (`.gitignore` files at every level and
 * `.git/info/exclude`), workspace-relative. Linked folders are listed as links, never entered.
 * `node_modules` is skipped like everywhere in the workspace (tracked files there are still
 * checked through the index).
 */
export async function listWorkTree(dir: string, gitdir: string): Promise<string[]> {
  const exclude = await readFile(join(gitdir, 'info', 'exclude'), 'utf8').catch(() => '');
  const files: string[] = [];
  const visit = async (rel: string, inherited: IgnoreRules): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(rel === '' ? dir : join(dir, rel), { withFileTypes: true });
    } catch {
      return; // Deleted or unreadable meanwhile.
    }
    let rules = inherited;
    if (entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
      const text = await readFile(join(dir, rel, '.gitignore'), 'utf8').catch(() => '');
      rules = rules.with(rel, text);
    }
    const folders: Promise<void>[] = [];
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const isDirectory = entry.isDirectory();
      if ((rel === '' && entry.name === '.git') || rules.ignores(path, isDirectory)) continue;
      if (isDirectory) folders.push(visit(path, rules));
      else if (entry.isFile() || entry.isSymbolicLink()) files.push(path);
    }
    await Promise.all(folders);
  };
  await visit('', exclude ? IgnoreRules.none.with('', exclude) : IgnoreRules.none);
  return files;
}
