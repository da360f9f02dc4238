import { z } from 'zod';
import { formatMessage, SystemMessage } from './messages/system-message.js';

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
  // a decided command ran and failed: a non-zero exit, or a limit of its sandbox stopped it
  'COMMAND_FAILED',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const CoreErrorShape = z.object({
  code: ErrorCode,
  /** The failure in English, for logs, the CLI and bug reports. */
  message: z.string(),
  details: z.unknown().optional(),
  /** The failure as a system message the UI puts into its language (optional: older peers send none). */
  systemMessage: SystemMessage.optional(),
});
export type CoreErrorShape = z.infer<typeof CoreErrorShape>;

/** An error's own words in English only: the UI shows them after the code's translation. */
export const untranslatedError = (message: string): SystemMessage => ({
  code: 'ERROR_DETAIL',
  params: { detail: message },
});

/**
 * A failure a person can act on: a stable code, a system message (a code of the catalogue and its
 * values, which the UI and the CLI put into words), its English words, and optional structured details.
 * Thrown with a message, the English is the catalogue's; thrown with a sentence, the message carries
 * that sentence as it is (`ERROR_DETAIL`).
 */
export class CoreError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly systemMessage: SystemMessage;

  constructor(code: ErrorCode, message: string | SystemMessage, details?: unknown) {
    super(typeof message === 'string' ? message : formatMessage(message, 'en'));
    this.name = 'CoreError';
    this.code = code;
    this.details = details;
    this.systemMessage = typeof message === 'string' ? untranslatedError(message) : message;
  }

  toShape(): CoreErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      systemMessage: this.systemMessage,
    };
  }

  static fromShape(shape: CoreErrorShape): CoreError {
    const error = new CoreError(shape.code, shape.systemMessage ?? shape.message, shape.details);
    // The English words as sent (a peer's catalogue may differ from this one's).
    if (shape.systemMessage) error.message = shape.message;
    return error;
  }
}

export function isCoreError(value: unknown): value is CoreError {
  return value instanceof CoreError;
}
