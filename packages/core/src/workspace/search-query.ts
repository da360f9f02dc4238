import picomatch from 'picomatch';
import type { z } from 'zod';
import { CoreError, type TextSearchQuery } from '../contracts/index.js';

export type ParsedSearchQuery = z.output<typeof TextSearchQuery>;

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function compile(source: string, flags: string, wholeWord: boolean, unicode: boolean): RegExp {
  new RegExp(source, flags); // Validates the user's pattern alone, before we wrap it.
  if (!wholeWord) return new RegExp(source, flags);
  const wordChar = unicode ? '[\\p{L}\\p{N}_]' : '\\w';
  return new RegExp(`(?<!${wordChar})(?:${source})(?!${wordChar})`, flags);
}

/**
 * The query as a global regular expression. Patterns are compiled in Unicode mode when they allow
 * it (so case folding and whole words work for Arabic too), else in the classic mode people know
 * from other editors; a pattern neither accepts is INVALID_INPUT with the engine's message.
 */
export function searchPattern(query: ParsedSearchQuery): RegExp {
  const source = query.isRegex ? query.query : escapeLiteral(query.query);
  const flags = `g${query.matchCase ? '' : 'i'}`;
  try {
    return compile(source, `${flags}u`, query.wholeWord, true);
  } catch {
    try {
      return compile(source, flags, query.wholeWord, false);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CoreError(
        'INVALID_INPUT',
        { code: 'ERROR_INVALID_REGEX', params: { reason } },
        {
          query: query.query,
          error: reason,
        },
      );
    }
  }
}

function globMatcher(globs: readonly string[]): ((path: string) => boolean) | null {
  const patterns = globs.map((glob) => glob.trim()).filter((glob) => glob !== '');
  if (patterns.length === 0) return null;
  // `*.ts` matches in any folder, as people expect from an editor's search box. (picomatch's own
  // `basename` option also changes how patterns with a slash match, so it is not used.)
  return picomatch(
    patterns.map((glob) => (glob.includes('/') ? glob : `**/${glob}`)),
    { dot: true },
  );
}

/** A path matches a glob when it or one of the folders above it does, so `dist` excludes all of dist. */
function matchesSelfOrFolder(matcher: (path: string) => boolean, path: string): boolean {
  if (matcher(path)) return true;
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    if (matcher(path.slice(0, slash))) return true;
  }
  return false;
}

/** Which workspace files a search looks at, from its include and exclude globs. */
export function searchScope(query: ParsedSearchQuery): (path: string) => boolean {
  const include = globMatcher(query.include);
  const exclude = globMatcher(query.exclude);
  return (path) =>
    (include === null || matchesSelfOrFolder(include, path)) &&
    (exclude === null || !matchesSelfOrFolder(exclude, path));
}
