import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';

/**
 * Says "the repository may have changed" at most once per `delayMs`: after WebNova's own git
 * operations, after file changes in the work tree, and when another program (the git command
 * line in the terminal) moves HEAD, the index or a branch.
 */
export class ChangeNotifier {
  readonly #emit: () => void;
  readonly #delayMs: number;
  #timer: NodeJS.Timeout | undefined;
  #watchers: FSWatcher[] = [];

  constructor(emit: () => void, delayMs = 200) {
    this.#emit = emit;
    this.#delayMs = delayMs;
  }

  poke(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#emit();
    }, this.#delayMs);
  }

  /** Watches HEAD, the index and the branches of `gitdir` (each folder itself, not recursively). */
  watchGitdir(gitdir: string): void {
    this.stopWatching();
    for (const folder of [gitdir, join(gitdir, 'refs', 'heads')]) {
      try {
        const watcher = watch(folder, { persistent: false }, (_event, name) => {
          if (name && String(name).endsWith('.lock')) return;
          this.poke();
        });
        watcher.on('error', () => watcher.close());
        this.#watchers.push(watcher);
      } catch {
        // A missing refs/heads (or a watch limit): the other signals still arrive.
      }
    }
  }

  stopWatching(): void {
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers = [];
  }

  close(): void {
    this.stopWatching();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
