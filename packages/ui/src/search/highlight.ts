export interface MatchParts {
  before: string;
  match: string;
  after: string;
}

const CONTEXT_BEFORE = 18;

/**
 * Splits a result's preview around its match (`start` is 0-based in the preview). A long lead-in
 * is cut to its last few words so the match stays in view in a narrow side bar.
 */
export function splitMatch(preview: string, start: number, length: number): MatchParts {
  if (start < 0 || start > preview.length) return { before: preview, match: '', after: '' };
  const end = Math.min(preview.length, start + length);
  let before = preview.slice(0, start);
  if (before.length > CONTEXT_BEFORE) {
    const tail = before.slice(before.length - CONTEXT_BEFORE);
    // Start at a word when one begins inside the kept tail, so the lead-in does not open mid-word.
    const space = tail.indexOf(' ');
    before = `…${space > 0 && space < tail.length - 1 ? tail.slice(space + 1) : tail}`;
  }
  return { before, match: preview.slice(start, end), after: preview.slice(end) };
}

/** The include/exclude fields hold comma-separated globs. */
export function splitGlobs(text: string): string[] {
  return text
    .split(',')
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
}
