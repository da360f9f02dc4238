import type { z } from 'zod';
import { ServerError } from './problem.js';

/** Parses a body, query or set of parameters; a mismatch is INVALID_INPUT naming each bad field. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ServerError('INVALID_INPUT', `The request ${where} is not valid.`, { issues });
}
