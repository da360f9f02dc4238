import { CoreError, type ErrorCode } from '../contracts/errors.js';
import type { JsonObject } from '../contracts/events.js';
import type { SystemMessage } from '../contracts/messages/system-message.js';

/**
 * An action that ran and failed, with what it had done by then (a command's output, its exit code, where
 * it ran and the limit that stopped it): the decision records it as its failed outcome's result.
 */
export class ExecutionFailure extends CoreError {
  constructor(
    code: ErrorCode,
    message: SystemMessage,
    readonly record: JsonObject,
  ) {
    super(code, message);
  }
}
