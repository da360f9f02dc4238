import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { userEnvironment } from '../child-environment.js';

/** The program a terminal runs. */
export interface ShellSpec {
  file: string;
  args: string[];
}

/** The user's shell: `$SHELL`, else bash, else sh (PowerShell or COMSPEC on Windows). */
export function userShell(env: NodeJS.ProcessEnv = process.env): ShellSpec {
  if (process.platform === 'win32') return { file: env.COMSPEC ?? 'powershell.exe', args: [] };
  const candidates = [env.SHELL, '/bin/bash', '/bin/sh'];
  const file = candidates.find((path) => path && isAbsolute(path) && existsSync(path)) ?? '/bin/sh';
  // macOS terminals start login shells (that is where its PATH set-up lives); Linux ones do not.
  return { file, args: process.platform === 'darwin' ? ['-l'] : [] };
}

/** The user's environment as a terminal should see it (WebNova's own variables left out). */
export function shellEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out = userEnvironment(env);
  out.TERM = 'xterm-256color';
  out.COLORTERM = 'truecolor';
  out.TERM_PROGRAM = 'WebNova';
  if (!out.LANG && !out.LC_ALL) out.LANG = 'C.UTF-8';
  return out;
}
