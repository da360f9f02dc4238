import { z } from 'zod';
import { CodeEdit } from '../contracts/ai.js';

/** One file as a set of edits would leave it; `before` is null for a file the edits create. */
export interface EditedFile {
  path: string;
  before: string | null;
  after: string;
}

export type EditsCheck = { ok: true; edits: CodeEdit[]; files: EditedFile[] } | { ok: false; errors: string[] };

export interface EditTarget {
  /** The file's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** Whether the AI may propose edits to this path (inside the workspace, a file the user owns, where it really leads). */
  owns(path: string): boolean | Promise<boolean>;
}

const Edits = z.array(CodeEdit).max(50);

/** An edit answer is the list itself or a tool input `{edits: [...]}`. */
function editsOf(answer: unknown): unknown {
  if (answer && typeof answer === 'object' && !Array.isArray(answer) && 'edits' in answer) {
    return (answer as { edits: unknown }).edits;
  }
  return answer ?? [];
}

/** How often `search` occurs in `text`, overlaps included, stopping at 2 (all that matters). */
function occurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at !== -1 && count < 2; at = text.indexOf(search, at + 1)) count += 1;
  return count;
}

/**
 * A dry run of search/replace edits: each targets a file the user owns and each search text occurs
 * exactly once in the file as the earlier edits left it. Nothing is written.
 */
export async function dryRunEdits(answer: unknown, target: EditTarget): Promise<EditsCheck> {
  const parsed = Edits.safeParse(editsOf(answer));
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `edits/${i.path.join('/')}: ${i.message}`) };
  }
  const errors: string[] = [];
  const files = new Map<string, EditedFile>();
  for (const [index, edit] of parsed.data.entries()) {
    const label = `edit ${index} (${edit.path})`;
    if (!(await target.owns(edit.path))) {
      errors.push(`${label}: this file may not be edited (outside the workspace or not the user's own file)`);
      continue;
    }
    let file = files.get(edit.path);
    if (!file) {
      const before = await target.read(edit.path);
      file = { path: edit.path, before, after: before ?? '' };
    }
    const exists = file.before !== null || files.has(edit.path);
    if (edit.search === '') {
      if (exists) {
        errors.push(`${label}: an empty search text creates a file, but this file exists`);
        continue;
      }
      file.after = edit.replace;
    } else if (!exists) {
      errors.push(`${label}: the file does not exist`);
      continue;
    } else {
      const found = occurrences(file.after, edit.search);
      if (found !== 1) {
        errors.push(
          found === 0
            ? `${label}: the search text does not occur in the file; copy it exactly, whitespace included`
            : `${label}: the search text occurs more than once; include more surrounding lines`,
        );
        continue;
      }
      file.after = file.after.replace(edit.search, () => edit.replace);
    }
    files.set(edit.path, file);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, edits: parsed.data, files: [...files.values()] };
}
