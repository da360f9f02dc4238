import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { installCommand, npmProgram } from '../package-cache/npm-install.js';

export interface TaskDefinition {
  name: string;
  /** What the user sees: the script's text, or the install line. */
  command: string;
  program: string;
  args: string[];
  /** Added to the environment the task runs in. */
  env?: NodeJS.ProcessEnv;
}

const manifestSchema = z.object({ scripts: z.record(z.string(), z.unknown()).optional() }).loose();

/** The scripts of the project's package.json; a missing or unreadable manifest has none. */
export async function readScripts(root: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(join(root, 'package.json'), 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) return {};
  const scripts: Record<string, string> = {};
  for (const [name, value] of Object.entries(manifest.data.scripts ?? {})) {
    if (typeof value === 'string' && name.length > 0 && name.length <= 200) scripts[name] = value;
  }
  return scripts;
}

/** `install` first (with the shared package store), then the scripts in their written order. */
export async function taskDefinitions(root: string, cacheDir: string): Promise<TaskDefinition[]> {
  const program = npmProgram();
  const install: TaskDefinition = { name: 'install', command: 'npm install', ...installCommand(cacheDir) };
  const scripts = await readScripts(root);
  const fromScripts = Object.entries(scripts)
    .filter(([name]) => name !== 'install')
    .map(([name, command]) => ({ name, command, program, args: ['run', name] }));
  // A project's own `install` script runs as part of `npm install` anyway.
  return [install, ...fromScripts];
}
