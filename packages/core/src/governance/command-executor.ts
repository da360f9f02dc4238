/**
 * The executor of `command.run`: the door-hardening argv executor (no shell unless a person approved a
 * line that needs one, an explicit environment, Git unable to run a program of the repository's
 * choosing), run by a `CommandRunner`: the sandbox the decision's profile describes, or the host when
 * the owner approved that. The profile travels with the decision, so what runs is what was approved.
 */
import { realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Writable } from 'node:stream';
import { CoreError, type ErrorCode, untranslatedError } from '../contracts/errors.js';
import type { JsonObject } from '../contracts/events.js';
import type { Decision, SandboxProfile } from '../contracts/governance.js';
import type { SystemMessage } from '../contracts/messages/system-message.js';
import { decisionEnvironment, STARTUP_PATH } from '../runtime/child-environment.js';
import type {
  CommandResult,
  CommandRunner,
  LimitName,
  RunLimits,
  SandboxPolicy,
} from '../runtime/sandbox/command-runner.js';
import { detectLanguages, toolchainOf } from '../runtime/sandbox/languages.js';
import { isInsideOrSame } from '../runtime/sandbox/sandbox-paths.js';
import { Workspace } from '../workspace/workspace.js';
import { planCommand } from './command-plan.js';
import { ExecutionFailure } from './execution-failure.js';
import { gitGuardEnvironment } from './git-config-guard.js';
import { isGitFolderName } from './path-spelling.js';
import { resolveTargets } from './resolved-targets.js';
import { compileSandboxProfile } from './sandbox-profile.js';

/** Where a decided command can run: the sandbox this machine has (it throws when there is none), or the host. */
export interface CommandRunners {
  /** The sandbox for a run needing this network (a backend may give only some). */
  sandbox(network?: SandboxProfile['network']): Promise<CommandRunner>;
  host(): Promise<CommandRunner>;
}

/** A decided command's output as it comes, and how it started and ended, for the IDE's Output. */
export interface CommandRunEvents {
  started(run: { decisionId: string; command: string; isolation: CommandRunner['isolation']; limits: RunLimits }): void;
  output(decisionId: string, stream: 'stdout' | 'stderr', chunk: string): void;
  finished(decisionId: string, result: CommandResult & { limits: RunLimits }): void;
  /** It ended without a result: stopped by the kill switch, or its runner could not start it. */
  stopped(decisionId: string, isolation: CommandRunner['isolation'], why: SystemMessage): void;
}

const OUTPUT_TAIL = 4_000;

/** The last few kilobytes of what a command wrote, and every chunk passed on as it comes. */
class TailSink extends Writable {
  #kept = '';
  constructor(private readonly onChunk: (chunk: string) => void) {
    super({ decodeStrings: false });
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.onChunk(text);
    this.#kept = (this.#kept + text).slice(-OUTPUT_TAIL);
    done();
  }
  get text(): string {
    return this.#kept;
  }
}

export const limitsOfProfile = (profile: SandboxProfile): RunLimits => ({
  memoryMb: profile.limits.memoryMb,
  cpuSeconds: profile.limits.cpuSeconds,
  wallSeconds: profile.limits.wallSeconds,
  processes: profile.limits.processes,
  writtenBytes: profile.limits.writtenMb * 1024 * 1024,
});

/** The folder a command runs in: the project, or a folder inside it as it really is on disk. */
async function commandFolder(workspace: Workspace, cwd: string | undefined): Promise<string> {
  if (cwd === undefined) return workspace.root;
  const folder = await workspace.resolve(cwd);
  if (!(await stat(folder.real).catch(() => null))?.isDirectory()) {
    throw new CoreError('NOT_A_DIRECTORY', { code: 'ERROR_NO_COMMAND_FOLDER', params: { path: cwd } }, { path: cwd });
  }
  return folder.real;
}

/** The file an argv's program names, found now on the PATH WebNova started with (never one a proposal set). */
async function programOf(workspace: Workspace, program: string, cwd: string | undefined): Promise<string> {
  const found = (await resolveTargets({ project: workspace.root, paths: [], programs: [program], cwd })).programs;
  const file = found.get(program);
  if (file === undefined)
    throw new CoreError('NOT_FOUND', { code: 'ERROR_NO_PROGRAM', params: { program } }, { program });
  return file.startsWith('/') ? file : join(workspace.root, file);
}

/**
 * The folders bound read-only so the program runs: the user's Node.js (npm, npx and every package's
 * bin script need it) and the program's own install root when it lives outside the system folders.
 * A root that would hold the user's home (`~/bin/tool` gives `~`) is narrowed to the program file.
 */
async function toolchainsFor(program: string, project: string): Promise<string[]> {
  const real = await realpath(program).catch(() => program);
  const node = (await detectLanguages(STARTUP_PATH)).find((language) => language.id === 'node')?.toolchain;
  const folders = new Set<string>(node ? [node] : []);
  if (!isInsideOrSame(project, real)) {
    const root = toolchainOf(real);
    if (root) folders.add(isInsideOrSame(root, homedir()) ? real : root);
  }
  return [...folders];
}

/** The profile's extra writable folders, each inside the project as it really is and never Git's. */
async function writableFolders(project: string, written: readonly string[]): Promise<string[]> {
  const folders: string[] = [];
  for (const path of written) {
    const real = await realpath(join(project, path)).catch(() => {
      throw new CoreError('NOT_FOUND', { code: 'ERROR_SANDBOX_PATH_MISSING', params: { path } });
    });
    const leadsTo = relative(project, real);
    if (!isInsideOrSame(project, real) || leadsTo.split(sep).some(isGitFolderName)) {
      throw new CoreError('PERMISSION_DENIED', { code: 'ERROR_SANDBOX_PATH_PROTECTED', params: { path } });
    }
    folders.push(real);
  }
  return folders;
}

/** A decision proposed before profiles existed runs under the default one (sandboxed, no network). */
export const profileOf = (decision: Readonly<Decision>): SandboxProfile =>
  decision.sandbox ?? compileSandboxProfile([], decision.payload.host === true);

/** Whether a person approved the decision (the host is never reached by a rule's allowance alone). */
function approvedByPerson(decision: Readonly<Decision>): boolean {
  return decision.review?.verdict === 'approved' && decision.review.by.kind === 'user';
}

export async function runDecidedCommand(
  decision: Readonly<Decision>,
  options: { runners: CommandRunners; signal: AbortSignal; events?: CommandRunEvents },
): Promise<{ record: JsonObject }> {
  const plan = planCommand(decision.payload);
  if (!plan) {
    throw new CoreError('INVALID_INPUT', {
      code: 'ERROR_PAYLOAD_MISSING',
      params: { kind: 'command.run', field: 'command' },
    });
  }
  if (!decision.project) {
    throw new CoreError('INVALID_INPUT', { code: 'ERROR_NO_PROJECT', params: { id: decision.id } });
  }
  const workspace = await Workspace.open(decision.project);
  const cwdWritten = typeof decision.payload.cwd === 'string' ? decision.payload.cwd : undefined;
  const cwd = await commandFolder(workspace, cwdWritten);
  const profile = profileOf(decision);
  const onHost = profile.run === 'host';
  if (onHost && !approvedByPerson(decision)) {
    throw new CoreError('PERMISSION_DENIED', { code: 'ERROR_HOST_RUN_NEEDS_OWNER', params: { id: decision.id } });
  }
  const runner = onHost ? await options.runners.host() : await options.runners.sandbox(profile.network);

  const program = plan.runner === 'argv' ? await programOf(workspace, plan.argv[0] as string, cwdWritten) : '/bin/sh';
  const argv: [string, ...string[]] =
    plan.runner === 'argv' ? [program, ...plan.argv.slice(1)] : ['/bin/sh', '-c', plan.line];
  const base = decisionEnvironment();
  const environment = { ...base, ...(await gitGuardEnvironment(cwd, base)) };
  const policy: SandboxPolicy = {
    network: profile.network,
    writablePaths: await writableFolders(workspace.root, profile.writablePaths),
    readOnlyPaths: onHost ? [] : await toolchainsFor(program, workspace.root),
    readOnlyGit: true,
    projectReadOnly: profile.writablePaths.length > 0,
  };
  const limits = limitsOfProfile(profile);
  const events = options.events;
  const stdout = new TailSink((chunk) => events?.output(decision.id, 'stdout', chunk));
  const stderr = new TailSink((chunk) => events?.output(decision.id, 'stderr', chunk));
  events?.started({ decisionId: decision.id, command: plan.line, isolation: runner.isolation, limits });
  const result = await runner
    .run({
      argv,
      cwd,
      // The runner is handed the project (writable) and the folder the command starts in.
      environment,
      policy,
      limits,
      stdout,
      stderr,
      signal: options.signal,
    })
    .catch((error: unknown) => {
      const why = error instanceof CoreError ? error.systemMessage : untranslatedError(String(error));
      events?.stopped(decision.id, runner.isolation, why);
      throw error;
    });
  events?.finished(decision.id, { ...result, limits });
  const record = {
    command: plan.line,
    runner: plan.runner,
    isolation: result.isolation,
    network: profile.network,
    exitCode: result.exitCode,
    limitHit: result.limitHit,
    timedOut: result.timedOut,
    stdout: stdout.text,
    stderr: stderr.text,
    ms: Math.round(result.durationMs),
    // What the registry proxy kept the command from reaching: a failed install often says why here.
    ...(result.networkRefusals?.length
      ? { refusedConnections: result.networkRefusals.slice(0, 20).map(({ method, target }) => `${method} ${target}`) }
      : {}),
  };
  const failure = failureOf(result, limits, options.signal.aborted, stderr.text);
  if (failure) throw new ExecutionFailure(failure.errorCode, failure.message, record);
  return { record };
}

/** A limit and its value as words: "memory limit 256 MB". */
export function limitMessage(limit: LimitName, limits: RunLimits): SystemMessage {
  const value = {
    memory: limits.memoryMb,
    cpu: limits.cpuSeconds,
    wall: limits.wallSeconds,
    processes: limits.processes,
    disk: Math.round(limits.writtenBytes / (1024 * 1024)),
  }[limit];
  return { code: `SANDBOX_LIMIT_${limit.toUpperCase()}`, params: { value } };
}

/** Why a run counts as failed, as a message naming the kill switch, the limit or the exit code; null when it did not. */
function failureOf(
  result: CommandResult,
  limits: RunLimits,
  killed: boolean,
  stderr: string,
): { errorCode: ErrorCode; message: SystemMessage } | null {
  if (killed) return { errorCode: 'CANCELLED', message: { code: 'ERROR_COMMAND_KILL_SWITCH' } };
  if (result.limitHit)
    return {
      errorCode: 'COMMAND_FAILED',
      message: { code: 'ERROR_COMMAND_LIMIT_HIT', params: { limit: limitMessage(result.limitHit, limits) } },
    };
  if (result.exitCode === 0) return null;
  const ending = result.exitCode === null ? `signal ${result.signal ?? '?'}` : String(result.exitCode);
  return {
    errorCode: 'COMMAND_FAILED',
    message: { code: 'ERROR_COMMAND_EXIT', params: { code: ending, stderr: stderr.slice(-500) } },
  };
}
