/**
 * What the sandbox tests share: a scratch tree (a project with a `.git`, a folder outside it, another
 * project, a stand-in for the IDE's data folder) and a run that collects the output as text.
 */
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  type CommandResult,
  type CommandRunner,
  DEFAULT_LIMITS,
  DEFAULT_POLICY,
  type RunLimits,
  type SandboxPolicy,
} from '../../../src/runtime/sandbox/index.js';
import { until } from '../../support/until.js';

/** The Node running the tests, bound read-only so sandboxed scripts can use it. */
export const NODE = process.execPath;
export const NODE_TOOLCHAIN = dirname(dirname(process.execPath));

export interface Scratch {
  root: string;
  project: string;
  outside: string;
  otherProject: string;
  dataDir: string;
  /** A line only files outside the project hold: seeing it inside is an escape. */
  marker: string;
  remove(): void;
}

/** The uid and gid the OCI tests give their project: a user's project, not root's (oci-runner.ts says why). */
export const PROJECT_OWNER = 65534;

/**
 * The scratch tree; with `owner`, the project belongs to that uid (and gid): the OCI backend runs as the
 * project's owner, so a test running as root gives it one that is not root.
 */
export function makeScratch(owner?: number): Scratch {
  const root = mkdtempSync(join(tmpdir(), 'webnova-sandbox-'));
  const marker = `escape-marker-${process.pid}-${Date.now()}`;
  const scratch: Scratch = {
    root,
    project: join(root, 'project'),
    outside: join(root, 'outside'),
    otherProject: join(root, 'other-project'),
    dataDir: join(root, 'data'),
    marker,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const folder of [scratch.outside, scratch.otherProject, scratch.dataDir]) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'secret.txt'), `${marker}\n`);
  }
  mkdirSync(join(scratch.project, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(scratch.project, '.git', 'config'), '[core]\n\tbare = false\n');
  writeFileSync(join(scratch.project, 'main.txt'), 'inside\n');
  if (owner !== undefined) chownTree(scratch.project, owner);
  return scratch;
}

export interface RunOutput extends CommandResult {
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  limits?: Partial<RunLimits>;
  policy?: Partial<SandboxPolicy>;
  environment?: Record<string, string>;
  stdin?: string;
  signal?: AbortSignal;
  /** Sees the output as it comes (to wait for a line while the run goes on). */
  onStdout?: (text: string) => void;
}

export async function runIn(
  runner: CommandRunner,
  project: string,
  argv: [string, ...string[]],
  options: RunOptions = {},
): Promise<RunOutput> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    options.onStdout?.(chunk.toString('utf8'));
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const result = await runner.run({
    argv,
    cwd: project,
    environment: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', ...options.environment },
    policy: {
      ...DEFAULT_POLICY,
      readOnlyPaths: [NODE_TOOLCHAIN],
      ...options.policy,
    },
    limits: { ...DEFAULT_LIMITS, wallSeconds: 60, ...options.limits },
    stdout,
    stderr,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...result, stdout: out, stderr: err };
}

function chownTree(path: string, owner: number): void {
  chownSync(path, owner, owner);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) chownTree(join(path, entry.name), owner);
    else chownSync(join(path, entry.name), owner, owner);
  }
}

/** A scratch tree fit for `runner`: the project owned by a user when the runner is OCI. */
export function scratchFor(runner: CommandRunner): Scratch {
  return makeScratch(runner.isolation === 'oci' ? PROJECT_OWNER : undefined);
}

/** Starts a cancellable run and waits until its output shows `line`: the run is then going on. */
export async function startedRun(
  runner: CommandRunner,
  project: string,
  argv: [string, ...string[]],
  line: string,
): Promise<{ controller: AbortController; running: Promise<RunOutput> }> {
  const controller = new AbortController();
  let output = '';
  const running = runIn(runner, project, argv, {
    signal: controller.signal,
    onStdout: (text) => {
      output += text;
    },
  });
  await until(() => output.includes(line));
  return { controller, running };
}
