import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';

export type Log = (
  level: 'debug' | 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

/**
 * A small JSON document in the data folder, checked by a zod schema when read and written
 * atomically (temp file, fsync, rename), so a crash never leaves it half-written. A file that is
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
    await mkdir(dirname(this.#path), { recursive: true });
    const temp = `${this.#path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.#path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
