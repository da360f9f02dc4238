/**
 * One spelling per place. File systems accept several spellings of the same name: macOS ignores
 * zero-width and other "default ignorable" characters and folds Unicode forms, Windows drops trailing
 * dots and spaces and opens `name::$DATA` (an alternate data stream) as `name`, and both fold case
 * (the globs ignore case already). Rules and risk compare this spelling, so `.g\u200Cit/hooks`,
 * `.git./config` and `.git::$INDEX_ALLOCATION/config` are all `.git`: over-flagging, never under.
 */

// Soft hyphen, zero-width and bidi controls, variation selectors, BOM…: invisible, and ignored by macOS.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

export function canonicalSegment(segment: string): string {
  const plain = segment.normalize('NFC').replace(IGNORABLE, '');
  const stream = plain.indexOf(':', 1);
  const withoutStream = stream > 0 && !/^[A-Za-z]:$/.test(plain.slice(0, 2)) ? plain.slice(0, stream) : plain;
  if (withoutStream === '.' || withoutStream === '..') return withoutStream;
  return withoutStream.replace(/[. ]+$/, '') || withoutStream;
}

/** Whether a name is Git's own folder in any spelling: `.git`, `.GIT`, `.git.`, or Windows' short name `GIT~1`. */
export function isGitFolderName(segment: string): boolean {
  const name = canonicalSegment(segment).toLowerCase();
  return name === '.git' || name === 'git~1';
}
