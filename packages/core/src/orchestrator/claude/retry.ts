import { APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { CoreError } from '../../contracts/errors.js';

/** How often and how patiently to retry a call the API refused for load. */
export interface RetryPolicy {
  maxRetries: number;
  /** The first wait; each later one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1); each wait is shortened by up to a quarter of it, so clients do not retry in step. */
  random?: () => number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'maxRetries'> = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

/** 429 (rate limit), 529 (overloaded), the 5xx family, and the same errors arriving inside a stream. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504, 529]);
const RETRYABLE_TYPES = new Set(['overloaded_error', 'rate_limit_error', 'api_error', 'timeout_error']);

export function errorType(error: unknown): string | undefined {
  if (!(error instanceof APIError)) return undefined;
  const body = error.error as { error?: { type?: unknown }; type?: unknown } | undefined;
  const type = body?.error?.type ?? body?.type;
  return typeof type === 'string' ? type : undefined;
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (!(error instanceof APIError)) return false;
  if (error.status !== undefined) return RETRYABLE_STATUS.has(error.status);
  const type = errorType(error);
  // No status: an error event inside a 200 stream, or a connection that failed.
  return type === undefined || RETRYABLE_TYPES.has(type);
}

/** The server's own hint (`retry-after-ms`, `retry-after` in seconds), if it gave one. */
function serverDelay(error: unknown): number | null {
  if (!(error instanceof APIError) || !error.headers) return null;
  const ms = Number.parseFloat(error.headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number.parseFloat(error.headers.get('retry-after') ?? '');
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export function retryDelay(error: unknown, retry: number, policy: RetryPolicy): number {
  const hinted = serverDelay(error);
  if (hinted !== null) return Math.min(hinted, policy.maxDelayMs);
  const exponential = Math.min(policy.baseDelayMs * 2 ** retry, policy.maxDelayMs);
  return exponential * (1 - 0.25 * (policy.random ?? Math.random)());
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CoreError('CANCELLED', { code: 'ERROR_REQUEST_CANCELLED' }));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CoreError('CANCELLED', { code: 'ERROR_REQUEST_CANCELLED' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` and retries it with exponential backoff while the API says it is overloaded or
 * rate limited. `onRetry` hears each wait (for logs and tests); the last error is rethrown as is.
 */
export async function withRetries<T>(
  attempt: (index: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (retry: number, delayMs: number, error: unknown) => void,
): Promise<T> {
  for (let index = 0; ; index += 1) {
    try {
      return await attempt(index);
    } catch (error) {
      if (index >= policy.maxRetries || !isRetryable(error) || signal?.aborted) throw error;
      const delay = retryDelay(error, index, policy);
      onRetry?.(index + 1, delay, error);
      await sleep(delay, signal);
    }
  }
}
