import { ErrorCode } from '@webnova/core/contracts';
import { z } from 'zod';

/** The core's error codes, and the few only an HTTP server has. */
export const ServerErrorCode = z.enum([
  ...ErrorCode.options,
  'RATE_LIMITED',
  'NOT_READY',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'NOT_CONFIGURED',
  // sync (docs/SYNC.md): an unknown device credential, a revoked one, a push past the device's last seq + 1,
  // a seq the server holds with other content
  'UNAUTHENTICATED',
  'DEVICE_REVOKED',
  'SEQ_GAP',
  'SEQ_REUSED',
  // git hosting: an access token sent over plain HTTP from another machine (src/git/transport.ts)
  'TLS_REQUIRED',
]);
export type ServerErrorCode = z.infer<typeof ServerErrorCode>;

const STATUS: Partial<Record<ServerErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  RATE_LIMITED: 429,
  NOT_READY: 503,
  NOT_CONFIGURED: 503,
  UNAUTHENTICATED: 401,
  DEVICE_REVOKED: 401,
  SEQ_GAP: 409,
  SEQ_REUSED: 422,
  TLS_REQUIRED: 403,
  TIMEOUT: 408,
};

/** A failure answered as `application/problem+json` (RFC 9457) with a stable `code`. */
export class ServerError extends Error {
  readonly code: ServerErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ServerErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ServerError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return STATUS[this.code] ?? 500;
  }
}

export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Every failure's body, as `application/problem+json`. */
export const Problem = z
  .object({
    type: z.string().regex(/^urn:webnova:problem:[a-z-]+$/),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    /** Stable: what a client branches on. */
    code: ServerErrorCode,
    detail: z.string(),
    details: z.unknown().optional(),
  })
  .strict()
  .meta({ description: 'A problem (RFC 9457) with a stable `code`' });
export type Problem = z.infer<typeof Problem>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function toProblem(error: ServerError): Problem {
  const status = error.status;
  const problem: Problem = {
    type: `urn:webnova:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code: error.code,
    detail: error.message,
  };
  return error.details === undefined ? problem : { ...problem, details: error.details };
}
