/**
 * The recent output of a terminal, bounded: chunks are kept whole until the total passes the
 * limit, then the oldest are dropped (the oldest kept one cut at a line start when it has one, so a
 * re-attached screen does not begin in the middle of an escape sequence more often than it must).
 */
export class Scrollback {
  readonly #limit: number;
  #chunks: string[] = [];
  #head = 0;
  #size = 0;
  /** Characters ever appended: the offset the next chunk starts at. */
  #end = 0;

  constructor(limitChars: number) {
    this.#limit = limitChars;
  }

  get end(): number {
    return this.#end;
  }

  get size(): number {
    return this.#size;
  }

  append(chunk: string): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    this.#end += chunk.length;
    this.#trim();
  }

  text(): string {
    return this.#chunks.slice(this.#head).join('');
  }

  #trim(): void {
    while (this.#size > this.#limit) {
      const oldest = this.#chunks[this.#head] ?? '';
      const excess = this.#size - this.#limit;
      if (oldest.length <= excess) {
        this.#chunks[this.#head] = '';
        this.#head += 1;
        this.#size -= oldest.length;
        continue;
      }
      const newline = oldest.indexOf('\n', excess);
      const atLine = newline >= 0 && newline + 1 < oldest.length && newline - excess < 4096;
      const cut = atLine ? newline + 1 : excess;
      this.#chunks[this.#head] = oldest.slice(cut);
      this.#size -= cut;
    }
    // Compact now and then so the array of dropped slots does not grow without end.
    if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }
}
