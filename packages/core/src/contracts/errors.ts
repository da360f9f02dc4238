import { z } from 'zod';

/** Every failure that crosses the API boundary carries one of these codes. */
export const ErrorCode = z.enum([
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'NO_WORKSPACE',
  'PATH_OUTSIDE_WORKSPACE',
  'INVALID_PATH',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'NOT_A_FILE',
  'NOT_A_DIRECTORY',
  'FILE_TOO_LARGE',
  'BINARY_FILE',
  'CONFLICT',
  'PERMISSION_DENIED',
  'IO_ERROR',
  'TRANSPORT',
  'TIMEOUT',
  'INTERNAL',
  // the AI orchestrator: a provider that cannot answer, an answer still invalid after repairs, a turn stopped
  'AI_UNAVAILABLE',
  'AI_INVALID_OUTPUT',
  'CANCELLED',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const CoreErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type CoreErrorShape = z.infer<typeof CoreErrorShape>;

/** A failure a person can act on: a stable code, a sentence, and optional structured details. */
export class CoreError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.details = details;
  }

  toShape(): CoreErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromShape(shape: CoreErrorShape): CoreError {
    return new CoreError(shape.code, shape.message, shape.details);
  }
}

export function isCoreError(value: unknown): value is CoreError {
  return value instanceof CoreError;
}
