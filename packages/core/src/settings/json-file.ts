import { readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { makePrivateFolder, writePrivateFile } from './private-folder.js';

export type Log = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

/**
 * A small JSON document in the data folder, checked by a zod schema when read and written
 * atomically (temp file, fsync, rename), so a crash never leaves it half-written, and private to its
 * owner (0600 in a 0700 folder) from its first byte. A file that is
 * unreadable or fails the schema is set aside as `<name>.corrupt-<time>` and replaced by defaults.
 */
export class JsonFile<S extends z.ZodType> {
  readonly #path: string;
  readonly #schema: S;
  readonly #log: Log;
  #writing: Promise<void> = Promise.resolve();

  constructor(path: string, schema: S, log: Log) {
    this.#path = path;
    this.#schema = schema;
    this.#log = log;
  }

  async read(): Promise<z.output<S>> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.#schema.parse({});
      throw error;
    }
    let parsed: z.ZodSafeParseResult<z.output<S>>;
    try {
      parsed = this.#schema.safeParse(JSON.parse(text));
    } catch {
      parsed = this.#schema.safeParse(Symbol('not json'));
    }
    if (parsed.success) return parsed.data;
    const aside = `${this.#path}.corrupt-${Date.now()}`;
    await rename(this.#path, aside).catch(() => {});
    this.#log('warn', 'A settings file was unreadable and has been set aside; defaults are used.', {
      path: this.#path,
      setAside: aside,
    });
    return this.#schema.parse({});
  }

  /** Writes are serialised so the last one called is the one on disk. */
  write(value: z.output<S>): Promise<void> {
    const next = this.#writing.then(() => this.#writeNow(value));
    this.#writing = next.catch(() => {});
    return next;
  }

  async #writeNow(value: z.output<S>): Promise<void> {
    await makePrivateFolder(dirname(this.#path));
    await writePrivateFile(this.#path, `${JSON.stringify(value, null, 2)}\n`);
  }
}
