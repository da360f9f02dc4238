import type { Blueprint } from '../../contracts/index.js';
import type { Template } from '../template.js';
import { type BaseStore, sha256 } from './base-store.js';

/**
 * The base of an edited file's three-way merge: the text the manifest says it was last generated as.
 * Taken from the base store when this machine has it; otherwise (a fresh clone: the store is not
 * committed) the previous Blueprint is generated again, which is deterministic, and the file's text
 * is accepted only when its SHA-256 is the one the manifest recorded. Another generator version, or a
 * manifest that was edited, gives other text: then there is no base, and the caller must treat the
 * file as a conflict rather than guess one.
 */
export class MergeBases {
  readonly #store: BaseStore;
  readonly #template: Template;
  readonly #previous: Blueprint | null;
  #regenerated: ReadonlyMap<string, string> | undefined;

  constructor(store: BaseStore, template: Template, previous: Blueprint | null) {
    this.#store = store;
    this.#template = template;
    this.#previous = previous;
  }

  /** The text `path` was last generated as, whose SHA-256 is `hash`; null when it cannot be recovered. */
  async text(path: string, hash: string): Promise<string | null> {
    const stored = await this.#store.read(hash);
    if (stored !== null) return stored;
    const text = this.#generatedAgain().get(path);
    return text !== undefined && sha256(text) === hash ? text : null;
  }

  /** The previous generation made again, once, on the first base the store lacks. */
  #generatedAgain(): ReadonlyMap<string, string> {
    if (this.#regenerated) return this.#regenerated;
    let files: ReadonlyMap<string, string> = new Map();
    if (this.#previous) {
      try {
        files = new Map(this.#template.render(this.#previous).map((file) => [file.path, file.content]));
      } catch {
        // A Blueprint recorded by another WebNova version that this generator cannot render gives no
        // base at all: every edited file becomes a conflict, the conservative outcome, not a failure.
      }
    }
    this.#regenerated = files;
    return files;
  }
}
