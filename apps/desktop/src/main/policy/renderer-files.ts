import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Maps a request path of the app protocol to a file inside the renderer folder, or null when the
 * path is malformed or would leave the folder (`..`, encoded separators, NUL, absolute paths).
 * `/` is the entry page.
 */
export function resolveRendererFile(rootDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const wanted = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const file = resolve(join(root, wanted));
  const inside = relative(root, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  return file;
}
