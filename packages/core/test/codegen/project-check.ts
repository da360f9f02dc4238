import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Blueprint } from '../../src/contracts/index.js';
import { getTemplate } from '../../src/index.js';

/**
 * Generates a project into `dir` (outside the repository) and runs what its user would:
 * `npm install`, `npm run typecheck`, `npm test`. Shared by the CI test (one sample) and
 * scripts/check-samples.mjs (every sample, every template).
 */

export interface StepResult {
  readonly ok: boolean;
  readonly ms: number;
  readonly output: string;
}

export interface ProjectCheck {
  readonly files: number;
  readonly install: StepResult;
  readonly typecheck?: StepResult;
  readonly test?: StepResult;
}

/** The caller's npm and vitest settings must not leak into the generated project's runs. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|TEST$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CI: '1', NO_COLOR: '1' };
}

export function run(command: string, args: string[], cwd: string, timeoutMs = 900_000): Promise<StepResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, ms: Math.round(performance.now() - started), output });
    });
  });
}

export async function writeProject(blueprint: Blueprint, templateName: string, dir: string): Promise<number> {
  const files = getTemplate(templateName).render(blueprint);
  for (const file of files) {
    const target = join(dir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
  return files.length;
}

export async function checkProject(blueprint: Blueprint, templateName: string, dir: string): Promise<ProjectCheck> {
  const files = await writeProject(blueprint, templateName, dir);
  const install = await run('npm', ['install', '--no-audit', '--no-fund'], dir);
  if (!install.ok) return { files, install };
  const typecheck = await run('npm', ['run', 'typecheck'], dir);
  const test = await run('npm', ['test'], dir);
  return { files, install, typecheck, test };
}
