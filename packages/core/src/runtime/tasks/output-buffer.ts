/**
 * A task's recent output for the log view: text appended at the end, the oldest dropped once it
 * holds more than `limit` characters (cut at a line break where there is one, so no half line shows).
 */
export class OutputBuffer {
  #text = '';
  #seq = 0;

  constructor(readonly limit = 256 * 1024) {}

  append(chunk: string): number {
    this.#text += chunk;
    if (this.#text.length > this.limit) {
      let cut = this.#text.length - this.limit;
      const lineEnd = this.#text.indexOf('\n', cut);
      if (lineEnd !== -1 && lineEnd - cut < 4_096) cut = lineEnd + 1;
      this.#text = this.#text.slice(cut);
    }
    this.#seq += 1;
    return this.#seq;
  }

  clear(): void {
    this.#text = '';
  }

  get text(): string {
    return this.#text;
  }

  get seq(): number {
    return this.#seq;
  }
}
