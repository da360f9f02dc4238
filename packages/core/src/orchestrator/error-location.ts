import { isGitFolderName } from '../governance/path-spelling.js';
/** A place in a file that an error message points at. */
export interface ErrorLocation {
  /** As written in the message: relative, absolute, a file: URL's path or a dev server URL's path. */
  file: string;
  line: number;
  column?: number;
}

/**
 * `file.ts:12:5`, `file.ts(12,5)` (TypeScript), `at fn (/abs/file.ts:12:5)`, `file:///abs/file.ts:12:5`
 * and `http://127.0.0.1:5173/src/main.js?t=17:12:5` (a browser's stack): the path is the run of path
 * characters before the line number, any query string dropped.
 */
const LOCATION =
  /((?:[a-z][a-z0-9+.-]*:\/\/[^\s/]*)?[\w./\\@~+-]*[\w-]\.[A-Za-z]{1,5})(?:\?[^\s:)]*)?[:(](\d+)(?:[:,](\d+))?/g;

/** Every location an error text names, in order, without repeats. */
export function errorLocations(text: string): ErrorLocation[] {
  const seen = new Set<string>();
  const found: ErrorLocation[] = [];
  for (const match of text.matchAll(LOCATION)) {
    const [, raw = '', line = '0', column] = match;
    const file = raw.replace(/^file:\/\//, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^\s/]*/i, '');
    const key = `${file}:${line}:${column ?? ''}`;
    if (!file || seen.has(key)) continue;
    seen.add(key);
    found.push({ file, line: Number(line), ...(column ? { column: Number(column) } : {}) });
  }
  return found;
}

/**
 * The workspace-relative path an error location stands for, or null when it is outside `root` or in a
 * dependency: an absolute path inside the root loses the root, `./x` and `/x` (a dev server's URL path)
 * become `x`, Windows separators become `/`.
 */
export function workspacePath(root: string, file: string): string | null {
  const normalRoot = root.replaceAll('\\', '/').replace(/\/+$/, '');
  let path = file.replaceAll('\\', '/');
  if (path.startsWith(`${normalRoot}/`)) path = path.slice(normalRoot.length + 1);
  path = path.replace(/^\.?\/+/, '');
  const parts = path.split('/');
  if (!path || parts.some((part) => part === '' || part === '.' || part === '..')) return null;
  if (parts.includes('node_modules') || parts.some(isGitFolderName) || /^[A-Za-z]:/.test(path)) return null;
  return path;
}
