import { createHash } from 'node:crypto';
import { CoreError } from '../../contracts/index.js';
import { STATE_DIR } from './manifest.js';
import type { BeforeFinalStep, ProjectFolder } from './project-folder.js';

/**
 * The folder of base objects: the last generated text of every file, stored by its SHA-256. A cache
 * of this machine, never committed (the generated `.gitignore` lists it): what is missing is generated
 * again from the recorded Blueprint (`merge-bases.ts`).
 */
export const BASE_DIR = `${STATE_DIR}/base`;

const HASH = /^[0-9a-f]{64}$/;
const PREFIX = /^[0-9a-f]{2}$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A base object to write: its path in the project and its text. */
export interface BaseObject {
  readonly path: string;
  readonly content: string;
}

/**
 * The base of the next three-way merge, content-addressed (`.webnova/base/ab/abcdef…`). Storing by
 * hash rather than by path is what makes a crash harmless: new objects are added beside the old
 * ones, the manifest that points at them is written last, and only then are unreferenced objects
 * removed. Until the manifest is replaced, the old base is intact.
 *
 * Everything goes through the project folder's `record` area: real folders only, no link on the way
 * and none at the object itself. Pruning deletes only regular files named by a hash in the folder
 * of their prefix; anything else found there (a link, a note, a folder) is not the store's and stays.
 */
export class BaseStore {
  readonly #project: ProjectFolder;

  constructor(project: ProjectFolder) {
    this.#project = project;
  }

  #path(hash: string): string {
    if (!HASH.test(hash)) throw new CoreError('INTERNAL', `"${hash}" is not a SHA-256 in hex.`);
    return `${BASE_DIR}/${hash.slice(0, 2)}/${hash}`;
  }

  /**
   * The text of an object, or null when it is missing or altered: the store is a cache, and a caller
   * that needs the text recovers it and checks it against the hash itself. A link in its place is
   * still refused (`ProjectFolder`'s record area), never read.
   */
  async read(hash: string): Promise<string | null> {
    const text = await this.#project.read(this.#path(hash), 'record');
    return text !== null && sha256(text) === hash ? text : null;
  }

  /**
   * The hashes the store holds by name (contents are checked when read). Names only, one listing per
   * prefix folder: reading every object would cost as much as the generation.
   */
  async names(): Promise<Set<string>> {
    const prefixes = (await this.#project.list(BASE_DIR, 'record'))
      .filter((prefix) => prefix.isDirectory() && PREFIX.test(prefix.name))
      .map((prefix) => prefix.name);
    // All at once: one after another, up to 256 listings would wait on the disk in turn.
    const listings = await Promise.all(prefixes.map((prefix) => this.#project.list(`${BASE_DIR}/${prefix}`, 'record')));
    const names = new Set<string>();
    for (const [index, entries] of listings.entries()) {
      for (const entry of entries) {
        const prefix = prefixes[index] ?? '';
        if (entry.isFile() && HASH.test(entry.name) && entry.name.startsWith(prefix)) names.add(entry.name);
      }
    }
    return names;
  }

  /**
   * The objects still to write so the store holds every one of `texts`, given the names it holds.
   * Each is resolved as its write will be, so a dry run refuses what the generation would (a link
   * where an object or its folder goes).
   */
  async missing(texts: readonly string[], held: ReadonlySet<string>): Promise<BaseObject[]> {
    const wanted = new Map(texts.map((text) => [sha256(text), text]));
    const missing: BaseObject[] = [];
    for (const [hash, content] of wanted) {
      if (held.has(hash)) continue;
      await this.#project.check(this.#path(hash), 'record');
      missing.push({ path: this.#path(hash), content });
    }
    return missing;
  }

  write(objects: readonly BaseObject[], beforeFinalStep?: BeforeFinalStep): Promise<void> {
    return this.#project.write(objects, 'record', beforeFinalStep);
  }

  /**
   * Removes every object not in `keep`. Run after the manifest that names `keep` is written. Best
   * effort: a folder that cannot be resolved as a real folder of the record is left alone, since an
   * object left over costs nothing and the generation itself has already succeeded.
   */
  async prune(keep: ReadonlySet<string>, beforeFinalStep?: BeforeFinalStep): Promise<void> {
    const prefixes = await this.#project.list(BASE_DIR, 'record').catch(() => []);
    for (const prefix of prefixes) {
      if (!prefix.isDirectory() || !PREFIX.test(prefix.name)) continue;
      const folder = `${BASE_DIR}/${prefix.name}`;
      const entries = await this.#project.list(folder, 'record').catch(() => null);
      if (!entries) continue;
      const stale = entries.filter(
        (entry) =>
          entry.isFile() && HASH.test(entry.name) && entry.name.startsWith(prefix.name) && !keep.has(entry.name),
      );
      for (const entry of stale) {
        await this.#project.remove(`${folder}/${entry.name}`, 'record', beforeFinalStep).catch(() => undefined);
      }
      if (stale.length === entries.length) await this.#project.removeEmptyFolder(folder, 'record');
    }
  }
}
