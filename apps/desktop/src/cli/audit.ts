import { CliError } from './json-file.js';

export const auditUsage = '';

/** `webnova audit`. */
export async function auditCommand(_argv: string[]): Promise<number> {
  throw new CliError('webnova audit: not available in this build', 2);
}
