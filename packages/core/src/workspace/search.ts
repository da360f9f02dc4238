import type { TextMatch, TextSearchResult } from '../contracts/index.js';
import { listWorkspaceFiles, MAX_INDEXED_FILES } from './file-index.js';
import type { WorkspacePaths } from './paths.js';
import { type ParsedSearchQuery, searchPattern, searchScope } from './search-query.js';
import { loadTextFile } from './text-file.js';

/** Bigger files are generated or data, not something to search as text. */
export const MAX_SEARCHED_FILE_BYTES = 1024 * 1024;
/** Regex matching stops this far into a line: minified lines are where runaway patterns hurt. */
const MAX_SCANNED_LINE = 10_000;
const PREVIEW_CHARS = 200;
const PREVIEW_LEAD = 60;
const PARALLEL_READS = 32;
/** A search that runs longer answers with what it found so far, marked truncated. */
const TIME_BUDGET_MS = 20_000;

/** The line around a match, at most ~200 characters, with an ellipsis where it was cut, and where the match starts in it. */
function previewOf(line: string, index: number): Pick<TextMatch, 'preview' | 'previewColumn'> {
  const start =
    line.length <= PREVIEW_CHARS ? 0 : Math.max(0, Math.min(index - PREVIEW_LEAD, line.length - PREVIEW_CHARS));
  const end = Math.min(line.length, start + PREVIEW_CHARS);
  const slice = line.slice(start, end);
  const trimmedLead = slice.length - slice.trimStart().length;
  const prefix = start > 0 ? '…' : '';
  return {
    preview: `${prefix}${slice.trim()}${end < line.length ? '…' : ''}`,
    previewColumn: Math.max(0, prefix.length + index - start - trimmedLead),
  };
}

/** Up to `room` matches in `text`; `more` says whether there was at least one beyond them. */
function matchesIn(text: string, pattern: RegExp, room: number, capLines: boolean) {
  const matches: TextMatch[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let number = 0; number < lines.length; number++) {
    const line = lines[number] as string;
    const scanned = capLines && line.length > MAX_SCANNED_LINE ? line.slice(0, MAX_SCANNED_LINE) : line;
    pattern.lastIndex = 0;
    for (let found = pattern.exec(scanned); found !== null; found = pattern.exec(scanned)) {
      if (found[0].length === 0) {
        pattern.lastIndex++; // An empty match marks nothing; step past it.
        continue;
      }
      if (matches.length === room) return { matches, more: true };
      matches.push({
        line: number + 1,
        column: found.index + 1,
        length: found[0].length,
        ...previewOf(line, found.index),
      });
    }
  }
  return { matches, more: false };
}

/**
 * Finds text in the files the index would list (same ignore rules), filtered by the query's globs,
 * skipping binary files and files over 1 MiB. Results come per file in path order and stop at
 * `maxResults`, marked truncated.
 */
export async function searchWorkspace(paths: WorkspacePaths, query: ParsedSearchQuery): Promise<TextSearchResult> {
  const pattern = searchPattern(query);
  // A literal query can be looked for in the whole file first: most files hold no match at all.
  const quickCheck = query.isRegex ? null : searchPattern({ ...query, wholeWord: false });
  const inScope = searchScope(query);
  const index = await listWorkspaceFiles(paths, MAX_INDEXED_FILES);
  const candidates = index.files.filter(inScope);
  const deadline = Date.now() + TIME_BUDGET_MS;

  const result: TextSearchResult = { files: [], matchCount: 0, filesSearched: 0, truncated: index.truncated };
  for (let start = 0; start < candidates.length; start += PARALLEL_READS) {
    if (Date.now() > deadline) {
      result.truncated = true;
      break;
    }
    const batch = candidates.slice(start, start + PARALLEL_READS);
    const loaded = await Promise.all(
      batch.map((path) => loadTextFile(paths.toAbsolute(path), MAX_SEARCHED_FILE_BYTES).catch(() => null)),
    );
    for (let i = 0; i < batch.length; i++) {
      const file = loaded[i];
      if (file?.kind !== 'text') continue;
      result.filesSearched++;
      if (quickCheck !== null) {
        quickCheck.lastIndex = 0;
        if (!quickCheck.test(file.text)) continue;
      }
      const found = matchesIn(file.text, pattern, query.maxResults - result.matchCount, query.isRegex);
      if (found.matches.length > 0) {
        result.files.push({ path: batch[i] as string, matches: found.matches });
        result.matchCount += found.matches.length;
      }
      if (found.more) {
        result.truncated = true;
        return result;
      }
    }
  }
  return result;
}
