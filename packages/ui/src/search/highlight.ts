export interface MatchParts {
  before: string;
  match: string;
  after: string;
}

const CONTEXT_BEFORE = 40;

/**
 * Splits a result line around its match for display: leading indentation is dropped and a long
 * lead-in is cut to its last few words, so the match stays in view.
 */
export function splitMatch(preview: string, column: number, length: number): MatchParts {
  const start = column - 1;
  if (start < 0 || start > preview.length) return { before: preview.trimStart(), match: '', after: '' };
  const end = Math.min(preview.length, start + length);
  let before = preview.slice(0, start).trimStart();
  if (before.length > CONTEXT_BEFORE) before = `…${before.slice(before.length - CONTEXT_BEFORE)}`;
  return { before, match: preview.slice(start, end), after: preview.slice(end) };
}

/** The include/exclude fields hold comma-separated globs. */
export function splitGlobs(text: string): string[] {
  return text
    .split(',')
    .map((glob) => glob.trim())
    .filter((glob) => glob !== '');
}
