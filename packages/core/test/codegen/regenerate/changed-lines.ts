import { diffIndices } from 'node-diff3';

/** A generated file before a Blueprint change and after it (null when no longer generated). */
export interface GeneratedPair {
  readonly path: string;
  readonly base: string;
  readonly next: string | null;
}

export const lines = (text: string) => text.split('\n');

/** Lines of the base the generator's change touches, plus one line either side (diff3 joins adjacent edits). */
export function changedNear(pair: GeneratedPair): {
  touched: Set<number>;
  hunks: ReturnType<typeof diffIndices<string>>;
} {
  // A file no longer generated has no lines "away from the change": any line will do.
  const hunks = pair.next === null ? [] : diffIndices(lines(pair.base), lines(pair.next));
  const touched = new Set<number>();
  for (const hunk of hunks) {
    const [start, length] = hunk.buffer1;
    for (let index = start - 1; index <= start + length; index += 1) touched.add(index);
  }
  return { touched, hunks };
}

/** A non-empty line, unique in the file, that is not near any change of the generator. */
export function farLine(pair: GeneratedPair, from = 0, alsoNext = false): number {
  const all = lines(pair.base);
  const { touched } = changedNear(pair);
  for (let index = from; index < all.length; index += 1) {
    const text = all[index] ?? '';
    const unique = all.indexOf(text) === all.lastIndexOf(text);
    if (text.trim() !== '' && unique && !touched.has(index) && (!alsoNext || !touched.has(index + 1))) return index;
  }
  throw new Error(`no line away from the change in ${pair.path}`);
}
