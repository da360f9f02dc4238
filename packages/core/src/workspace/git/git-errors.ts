import { CoreError, type ErrorCode, type SystemMessage } from '../../contracts/index.js';

const CODE_OF: Record<string, ErrorCode> = {
  NotFoundError: 'NOT_FOUND',
  AlreadyExistsError: 'ALREADY_EXISTS',
  InvalidRefNameError: 'INVALID_INPUT',
  InvalidFilepathError: 'INVALID_PATH',
  UnsafeFilepathError: 'INVALID_PATH',
  CheckoutConflictError: 'CONFLICT',
  MergeConflictError: 'CONFLICT',
  UnmergedPathsError: 'CONFLICT',
  CherryPickLocalChangesError: 'CONFLICT',
  EmptyCommitError: 'CONFLICT',
  NoCommitError: 'NOT_FOUND',
};

/** The files an isomorphic-git error names, when it names any. */
function filesOf(error: { data?: Record<string, unknown> }): string[] | undefined {
  const data = error.data ?? {};
  const lists = [data.filepaths, data.filepath, data.unmergedPaths].filter(Array.isArray) as unknown[][];
  const files = lists.flat().filter((item): item is string => typeof item === 'string');
  return files.length > 0 ? [...new Set(files)] : undefined;
}

/** Turns an isomorphic-git failure into a CoreError a person can act on; anything else passes through. */
export function toCoreError(error: unknown): unknown {
  if (error instanceof CoreError || typeof error !== 'object' || error === null) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.endsWith('Error')) return error;
  const files = filesOf(error as { data?: Record<string, unknown> });
  return new CoreError(
    CODE_OF[code] ?? 'IO_ERROR',
    (error as Error).message,
    files ? { gitError: code, files } : { gitError: code },
  );
}

/** A conflict with the files in the way: `message` says what, the files (at most 20) follow it. */
export function conflict(message: SystemMessage, files: readonly string[]): CoreError {
  const named =
    files.length > 0 ? { code: 'ERROR_GIT_FILES', params: { message, files: files.slice(0, 20).join(', ') } } : message;
  return new CoreError('CONFLICT', named, { files });
}
