import { go } from 'fuzzysort';
import { baseName, parentOf } from '../workspace/paths';

export interface FilePick {
  path: string;
  name: string;
  folder: string;
  /** Matched character positions in `name` and in `folder`, for highlighting. */
  nameHits: readonly number[];
  folderHits: readonly number[];
}

export interface CommandChoice {
  id: string;
  title: string;
  /** The English title, so English command names still work in the Arabic UI. */
  englishTitle: string;
  keybinding?: string | undefined;
}

export interface CommandPick extends CommandChoice {
  titleHits: readonly number[];
}

const NAME_BONUS = 1.15;

function filePick(path: string, nameHits: readonly number[] = [], folderHits: readonly number[] = []): FilePick {
  return { path, name: baseName(path), folder: parentOf(path), nameHits, folderHits };
}

/**
 * Quick open's ranking. With no query: recently opened first, then the rest in path order. With a
 * query: fuzzy on the file name and on the whole path, a name match counting for more.
 */
export function rankFiles(query: string, files: readonly string[], recent: readonly string[], limit = 50): FilePick[] {
  const text = query.trim();
  if (text === '') {
    const known = new Set(files);
    const first = recent.filter((path) => known.has(path));
    const seen = new Set(first);
    const rest = files.filter((path) => !seen.has(path)).slice(0, Math.max(0, limit - first.length));
    return [...first, ...rest].slice(0, limit).map((path) => filePick(path));
  }
  const targets = files.map((path) => ({ path, name: baseName(path) }));
  const results = go(text, targets, {
    keys: ['name', 'path'],
    threshold: 0,
    limit,
    scoreFn: (result) => Math.max((result[0]?.score ?? 0) * NAME_BONUS, result[1]?.score ?? 0),
  });
  return results.map((result) => {
    const { path } = result.obj;
    const folder = parentOf(path);
    const offset = folder === '' ? 0 : folder.length + 1;
    const pathHits = result[1] && result[1].score > 0 ? result[1].indexes : [];
    const byName = result[0] && result[0].score > 0 ? result[0].indexes : null;
    return filePick(
      path,
      byName ?? pathHits.filter((i) => i >= offset).map((i) => i - offset),
      pathHits.filter((i) => i < folder.length),
    );
  });
}

/** The palette's command ranking: by title in the UI's language or in English. */
export function rankCommands(query: string, commands: readonly CommandChoice[]): CommandPick[] {
  const text = query.trim();
  if (text === '') {
    return [...commands]
      .sort((a, b) => a.title.localeCompare(b.title))
      .map((command) => ({ ...command, titleHits: [] }));
  }
  const results = go(text, commands, { keys: ['title', 'englishTitle'], threshold: 0, limit: 0 });
  return results.map((result) => ({ ...result.obj, titleHits: result[0]?.indexes ?? [] }));
}
