import { CliError } from './json-file.js';

export const generateUsage = '';

/** `webnova generate`. */
export async function generateCommand(_argv: string[]): Promise<number> {
  throw new CliError('webnova generate: not available in this build', 2);
}
