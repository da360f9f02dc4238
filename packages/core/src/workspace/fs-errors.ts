import { CoreError, type SystemMessage } from '../contracts/index.js';

/** The errno code (`ENOENT`, `EACCES`…) of a Node file-system error, if it has one. */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function describe(path: string): SystemMessage {
  return path === '' ? { code: 'ERROR_WORKSPACE_FOLDER' } : { code: 'ERROR_QUOTED_PATH', params: { path } };
}

const fsError = (code: string, what: SystemMessage, more?: SystemMessage['params']): SystemMessage => ({
  code: `ERROR_FS_${code}`,
  params: { what, ...more },
});

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
      return new CoreError('NOT_FOUND', fsError('NOT_FOUND', what), { path });
    case 'EACCES':
    case 'EPERM':
      return new CoreError('PERMISSION_DENIED', fsError('PERMISSION', what), { path, errno });
    case 'ENOTDIR':
      return new CoreError('NOT_A_DIRECTORY', fsError('NOT_A_DIRECTORY', what), { path });
    case 'EISDIR':
      return new CoreError('NOT_A_FILE', fsError('NOT_A_FILE', what), { path });
    case 'EEXIST':
    case 'ENOTEMPTY':
      return new CoreError('ALREADY_EXISTS', fsError('EXISTS', what), { path });
    case 'ENAMETOOLONG':
      return new CoreError('INVALID_PATH', fsError('NAME_TOO_LONG', what), { path, errno });
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new CoreError('IO_ERROR', fsError('IO', what, { reason }), { path, errno: errno ?? null });
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
