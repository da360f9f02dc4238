import { CoreError } from '../../../contracts/index.js';
import { toCoreError } from '../git-errors.js';

/** Node's words for a server that cannot be reached (refused, reset, no route, no name, timed out). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);

type Failure = { code?: unknown; message?: unknown; data?: Record<string, unknown> };

/** The server cannot be reached: the work goes on locally and waits to be pushed. */
export function offline(server: string): CoreError {
  return new CoreError('TRANSPORT', { code: 'ERROR_GIT_SERVER_OFFLINE', params: { server } }, { reason: 'offline' });
}

/**
 * A failed fetch, push or clone as a person can act on it: the server offline, a credential it no
 * longer takes (sign in again), no permission (a read-only token, a protected branch), a repository
 * it does not have (or another tenant's, which it will not admit exists), a push too large, and a
 * push refused because the server's branch moved on (pull first). Anything else as `toCoreError` says.
 * `ours`: the remote is the signed-in governance server's, the only one WebNova holds a credential for;
 * another host (GitHub, say) that asks for one is not a reason to sign in again.
 */
export function remoteError(error: unknown, server: string, ours: boolean): unknown {
  if (error instanceof CoreError || typeof error !== 'object' || error === null) return error;
  const failure = error as Failure;
  const code = typeof failure.code === 'string' ? failure.code : '';
  if (UNREACHABLE.has(code) || /socket hang up/i.test(String(failure.message ?? ''))) return offline(server);
  if (code === 'HttpError') {
    const status = Number(failure.data?.statusCode);
    if (status === 401 && !ours)
      return new CoreError(
        'UNAUTHORIZED',
        { code: 'ERROR_GIT_REMOTE_NEEDS_CREDENTIALS', params: { server } },
        { reason: 'unauthorized', status },
      );
    if (status === 401)
      return new CoreError('UNAUTHORIZED', { code: 'ERROR_GIT_SIGN_IN_AGAIN' }, { reason: 'unauthorized', status });
    if (status === 403)
      return new CoreError('PERMISSION_DENIED', { code: 'ERROR_GIT_NO_PERMISSION' }, { reason: 'forbidden', status });
    if (status === 404)
      return new CoreError('NOT_FOUND', { code: 'ERROR_GIT_REMOTE_NOT_FOUND' }, { reason: 'not-found', status });
    if (status === 413)
      return new CoreError('FILE_TOO_LARGE', { code: 'ERROR_GIT_PUSH_TOO_LARGE' }, { reason: 'too-large', status });
    if (status >= 500 || status === 429) return offline(server);
    return new CoreError(
      'TRANSPORT',
      { code: 'ERROR_GIT_SERVER_ANSWERED', params: { status } },
      { reason: 'http', status },
    );
  }
  if (code === 'PushRejectedError') return pullFirst();
  if (code === 'GitPushError') {
    const details = String(failure.data?.prettyDetails ?? '');
    if (/non-fast-forward|fetch first|stale info/i.test(details)) return pullFirst();
    // The server's ref policy: a branch this person may not move (a protected branch, for a member).
    if (/protected branch|permission|not allowed/i.test(details)) {
      return new CoreError(
        'PERMISSION_DENIED',
        { code: 'ERROR_GIT_BRANCH_PROTECTED', params: { detail: details.trim() } },
        { reason: 'protected', detail: details.trim() },
      );
    }
    return new CoreError(
      'CONFLICT',
      { code: 'ERROR_GIT_PUSH_REFUSED', params: { detail: details.trim() } },
      { reason: 'refused', detail: details.trim() },
    );
  }
  return toCoreError(error);
}

/** The server's branch has commits this one lacks. */
export function pullFirst(): CoreError {
  return new CoreError('CONFLICT', { code: 'ERROR_GIT_PUSH_PULL_FIRST' }, { reason: 'non-fast-forward' });
}
