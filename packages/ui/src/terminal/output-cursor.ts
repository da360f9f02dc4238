/** What to do with one chunk of `terminal.data`. */
export type ChunkVerdict =
  /** Write this (the part of the chunk not already on screen). */
  | { kind: 'write'; text: string }
  /** Already on screen (it was in the scrollback of the last attach). */
  | { kind: 'seen' }
  /** Output between the last chunk and this one was missed: attach again. */
  | { kind: 'gap' };

/**
 * Where a client is in a terminal's output. Chunks carry their offset, an attach carries where its
 * scrollback ends, so nothing is written twice and a missed chunk is noticed.
 */
export class OutputCursor {
  #position = 0;

  get position(): number {
    return this.#position;
  }

  /** After an attach: the screen holds everything before `end`. */
  reset(end: number): void {
    this.#position = end;
  }

  accept(offset: number, data: string): ChunkVerdict {
    const end = offset + data.length;
    if (end <= this.#position) return { kind: 'seen' };
    if (offset > this.#position) return { kind: 'gap' };
    const text = data.slice(this.#position - offset);
    this.#position = end;
    return { kind: 'write', text };
  }
}
