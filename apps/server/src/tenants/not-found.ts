import { ServerError } from '../http/problem.js';

/** Another tenant's resources answer exactly as missing ones do: no probing which ids exist. */
export function tenantNotFound(): ServerError {
  return new ServerError('NOT_FOUND', 'There is no such tenant.');
}
