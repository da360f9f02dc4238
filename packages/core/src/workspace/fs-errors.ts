import { CoreError } from '../contracts/index.js';

/** The errno code (`ENOENT`, `EACCES`…) of a Node file-system error, if it has one. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function describe(path: string): string {
  return path === '' ? 'the workspace folder' : `"${path}"`;
}

/**
 * The one place where Node's file-system errors become CoreErrors. `path` is the path the caller
 * named (workspace-relative, or absolute outside a workspace), so the message points at it.
 */
export function toCoreError(error: unknown, path: string): CoreError {
  if (error instanceof CoreError) return error;
  const errno = errnoOf(error);
  const what = describe(path);
  switch (errno) {
    case 'ENOENT':
      return new CoreError('NOT_FOUND', `Nothing exists at ${what}.`, { path });
    case 'EACCES':
    case 'EPERM':
      return new CoreError('PERMISSION_DENIED', `Permission denied for ${what}.`, { path, errno });
    case 'ENOTDIR':
      return new CoreError('NOT_A_DIRECTORY', `${what} or one of its parents is not a folder.`, { path });
    case 'EISDIR':
      return new CoreError('NOT_A_FILE', `${what} is a folder, not a file.`, { path });
    case 'EEXIST':
    case 'ENOTEMPTY':
      return new CoreError('ALREADY_EXISTS', `${what} already exists.`, { path });
    case 'ENAMETOOLONG':
      return new CoreError('INVALID_PATH', `${what} is too long a name for the file system.`, { path, errno });
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new CoreError('IO_ERROR', `Could not access ${what}: ${reason}`, { path, errno: errno ?? null });
    }
  }
}

/** Runs a file-system step and turns whatever it throws into a CoreError about `path`. */
export async function onPath<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw toCoreError(error, path);
  }
}
