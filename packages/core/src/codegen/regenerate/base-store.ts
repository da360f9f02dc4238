import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { corrupt, STATE_DIR } from './manifest.js';

/** The folder of base objects: the last generated text of every file, stored by its SHA-256. */
export const BASE_DIR = `${STATE_DIR}/base`;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The base of the next three-way merge, content-addressed (`.webnova/base/ab/abcdef…`). Storing by
 * hash rather than by path is what makes a crash harmless: new objects are added beside the old
 * ones, the manifest that points at them is written last, and only then are unreferenced objects
 * removed. Until the manifest is replaced, the old base is intact.
 */
export class BaseStore {
  readonly #dir: string;

  constructor(root: string) {
    this.#dir = join(root, BASE_DIR);
  }

  #file(hash: string): string {
    return join(this.#dir, hash.slice(0, 2), hash);
  }

  /** The text of an object; a missing or altered object is a damaged record, never a guess. */
  async read(hash: string): Promise<string> {
    let text: string;
    try {
      text = await readFile(this.#file(hash), 'utf8');
    } catch {
      throw corrupt(`the base copy ${BASE_DIR}/${hash.slice(0, 2)}/${hash} is missing`);
    }
    if (sha256(text) !== hash) throw corrupt(`the base copy ${hash.slice(0, 12)}… was altered`);
    return text;
  }

  async has(hash: string): Promise<boolean> {
    try {
      return sha256(await readFile(this.#file(hash), 'utf8')) === hash;
    } catch {
      return false;
    }
  }

  /**
   * The objects (path and text) still to write so the store holds every one of `texts`. Hashes in
   * `stored` are named by the manifest in force and taken as present: a missing or altered one is
   * caught when it is read as a base.
   */
  async missing(
    texts: readonly string[],
    stored: ReadonlySet<string> = new Set(),
  ): Promise<Array<{ path: string; content: string }>> {
    const wanted = new Map(texts.map((text) => [sha256(text), text]));
    const missing: Array<{ path: string; content: string }> = [];
    for (const [hash, content] of wanted) {
      if (!stored.has(hash) && !(await this.has(hash))) missing.push({ path: this.#file(hash), content });
    }
    return missing;
  }

  /** Removes every object not in `keep`. Run after the manifest that names `keep` is written. */
  async prune(keep: ReadonlySet<string>): Promise<void> {
    let folders: string[];
    try {
      folders = await readdir(this.#dir);
    } catch {
      return;
    }
    for (const folder of folders) {
      const path = join(this.#dir, folder);
      const names = await readdir(path).catch(() => [] as string[]);
      const stale = names.filter((name) => !keep.has(name));
      for (const name of stale) await rm(join(path, name), { force: true });
      if (stale.length === names.length) await rm(path, { recursive: true, force: true });
    }
  }
}
