import { CoreError } from '../contracts/index.js';

/**
 * How deep arrays and objects may nest in one message. zod validates recursively, so a message
 * deep enough (20,000 levels fit in a few hundred kilobytes of JSON) overflows the stack; the
 * deepest real call (a Blueprint patch value inside params) stays under 20 levels.
 */
export const MAX_MESSAGE_DEPTH = 64;

/**
 * How many values (objects, arrays and leaves) one message may hold. JSON cannot share a value,
 * but structured clone (Electron IPC) can: 40 levels of two references to one child are 2^40
 * paths for a validator, in a few kilobytes.
 */
export const MAX_MESSAGE_VALUES = 1_000_000;

/**
 * Walks a message without recursion and answers why it is refused, or null. A cycle never ends,
 * so it is refused as too deep.
 */
export function messageShapeError(message: unknown): CoreError | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: message, depth: 0 }];
  let values = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    values += 1;
    if (values > MAX_MESSAGE_VALUES) {
      return new CoreError(
        'INVALID_INPUT',
        { code: 'ERROR_MESSAGE_TOO_MANY_VALUES', params: { limit: MAX_MESSAGE_VALUES } },
        {
          values: MAX_MESSAGE_VALUES,
        },
      );
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > MAX_MESSAGE_DEPTH) {
      return new CoreError(
        'INVALID_INPUT',
        { code: 'ERROR_MESSAGE_TOO_DEEP', params: { limit: MAX_MESSAGE_DEPTH } },
        { limit: MAX_MESSAGE_DEPTH },
      );
    }
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}
