import { userEnvironment } from '../child-environment.js';
import { findProgram } from '../find-program.js';
import type { Toolchain } from './contract.js';

/**
 * The Node.js and npm a project's tasks run with: the user's own, found on their PATH. A generated
 * project needs them to run at all, and WebNova's own runtime (Electron's binary) is not a Node for
 * other programs: the packaged app's fuses switch that off.
 */
export async function userToolchain(env: NodeJS.ProcessEnv = process.env): Promise<Toolchain> {
  const path = userEnvironment(env).PATH ?? '';
  const [node, npm] = await Promise.all([findProgram('node', path), findProgram('npm', path)]);
  return { node: node ?? null, npm: npm ?? null };
}

/** What to tell the user when a task's program is not on their PATH. */
export function missingProgramHint(program: string): string {
  return `${program} was not found on your PATH. Tasks run with your own Node.js and npm: install Node.js 22 or newer (https://nodejs.org, or your system's package manager), then restart WebNova.`;
}
