export type NameProblem = 'empty' | 'separator' | 'dots' | 'exists' | 'spaces' | 'tooLong';

const MAX_NAME_LENGTH = 255;

/**
 * Checks a new file or folder name typed in the explorer. `siblings` are the names already in
 * the target folder; `current` is the entry's own name when renaming (keeping it is fine).
 */
export function validateEntryName(name: string, siblings: readonly string[], current?: string): NameProblem | null {
  if (name.trim() === '') return 'empty';
  if (name.includes('/') || name.includes('\\')) return 'separator';
  if (name === '.' || name === '..') return 'dots';
  if (name !== name.trim()) return 'spaces';
  if (name.length > MAX_NAME_LENGTH) return 'tooLong';
  if (name !== current && siblings.includes(name)) return 'exists';
  return null;
}
