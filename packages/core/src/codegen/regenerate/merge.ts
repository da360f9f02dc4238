import { diff3Merge } from 'node-diff3';

export const MARKER_YOURS = '<<<<<<< yours';
export const MARKER_BASE = '||||||| base';
export const MARKER_SPLIT = '=======';
export const MARKER_GENERATED = '>>>>>>> generated';

export interface MergeResult {
  readonly text: string;
  /** Conflict blocks written into `text`; 0 for a clean merge. */
  readonly hunks: number;
  /** The 1-based line of the first conflict marker. */
  readonly firstConflictLine?: number;
}

/** Lines with their line breaks kept, so joining them gives the text back byte for byte. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** A block of a conflict must end with a line break, or the next marker would join its last line. */
function block(content: string[]): string {
  const text = content.join('');
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * Three-way merge by lines (diff3): changes on different lines from both sides are combined; where
 * both sides changed the same or adjacent lines differently, the result holds a conflict block in
 * diff3 style (yours, base, generated), as git writes them.
 */
export function mergeThreeWay(yours: string, base: string, generated: string): MergeResult {
  const regions = diff3Merge(lines(yours), lines(base), lines(generated), { excludeFalseConflicts: true });
  let text = '';
  let hunks = 0;
  let firstConflictLine: number | undefined;
  for (const region of regions) {
    if (region.ok) {
      text += region.ok.join('');
      continue;
    }
    const conflict = region.conflict;
    if (!conflict) continue;
    hunks += 1;
    if (text !== '' && !text.endsWith('\n')) text += '\n';
    firstConflictLine ??= text.split('\n').length;
    text +=
      `${MARKER_YOURS}\n${block(conflict.a)}${MARKER_BASE}\n${block(conflict.o)}` +
      `${MARKER_SPLIT}\n${block(conflict.b)}${MARKER_GENERATED}\n`;
  }
  return firstConflictLine === undefined ? { text, hunks } : { text, hunks, firstConflictLine };
}

/** Conflict blocks still in a file (each opened by a `<<<<<<< yours` line), and where the first is. */
export function findConflictMarkers(text: string): { hunks: number; firstLine?: number } {
  let hunks = 0;
  let firstLine: number | undefined;
  const all = text.split('\n');
  for (let index = 0; index < all.length; index += 1) {
    if (all[index] === MARKER_YOURS) {
      hunks += 1;
      firstLine ??= index + 1;
    }
  }
  return firstLine === undefined ? { hunks } : { hunks, firstLine };
}
