import ignore, { type Ignore } from 'ignore';

/** Folders no index, search or watcher ever enters, whatever .gitignore says. */
export const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

interface IgnoreLayer {
  /** The folder holding the .gitignore, workspace-relative ("" for the root). */
  readonly base: string;
  readonly rules: Ignore;
}

/**
 * The .gitignore files that apply to one folder: its own and those of every folder above it.
 * As in git, the deepest file that has an opinion about a path decides, so `!keep.txt` in a
 * sub-folder can win over `*.txt` at the root.
 */
export class IgnoreRules {
  static readonly none = new IgnoreRules([]);
  readonly #layers: readonly IgnoreLayer[];

  private constructor(layers: readonly IgnoreLayer[]) {
    this.#layers = layers;
  }

  /** These rules plus the .gitignore text found in folder `base`. */
  with(base: string, gitignoreText: string): IgnoreRules {
    return new IgnoreRules([...this.#layers, { base, rules: ignore().add(gitignoreText) }]);
  }

  ignores(rel: string, isDirectory: boolean): boolean {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (ALWAYS_SKIPPED.has(name)) return true;
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const layer = this.#layers[i] as IgnoreLayer;
      const inner = layer.base === '' ? rel : rel.slice(layer.base.length + 1);
      const verdict = layer.rules.test(isDirectory ? `${inner}/` : inner);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }
}
