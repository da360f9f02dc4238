import { findPhrase, type StemmedText, stemPhrase } from './normalize-text.js';

/** Where a keyword of `item` was found: words `start` to `end` (exclusive). */
export interface Match<T> {
  item: T;
  start: number;
  end: number;
}

/**
 * Finds the keywords of many items in a text. Longer keywords win over shorter ones they overlap
 * ("medical record" over "medical"); items sharing the very same words are all kept, so the
 * caller can choose between them ("booking" is an appointment at a clinic, a reservation at a hotel).
 */
export class Lexicon<T> {
  private readonly entries: { item: T; phrase: string[] }[];

  constructor(items: readonly T[], keywordsOf: (item: T) => readonly string[]) {
    this.entries = items.flatMap((item) =>
      keywordsOf(item)
        .map((keyword) => ({ item, phrase: stemPhrase(keyword) }))
        .filter((entry) => entry.phrase.length > 0),
    );
  }

  find(text: StemmedText): Match<T>[] {
    const found: Match<T>[] = [];
    for (const { item, phrase } of this.entries) {
      for (const start of findPhrase(text, phrase)) found.push({ item, start, end: start + phrase.length });
    }
    found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const kept: Match<T>[] = [];
    for (const match of found) {
      const clash = kept.some(
        (other) =>
          other.start < match.end &&
          match.start < other.end &&
          (other.start !== match.start || other.end !== match.end),
      );
      const twin = kept.some((other) => other.item === match.item && other.start === match.start);
      if (!clash && !twin) kept.push(match);
    }
    return kept.sort((a, b) => a.start - b.start);
  }
}
