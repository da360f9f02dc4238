/**
 * What every backend does with the process it starts: spawn an argv (no shell) with an explicit
 * environment in its own process group, stream its output, feed then close its stdin, and kill the whole
 * group when the wall time passes or the caller aborts. The backends differ only in the argv they build
 * and in what they do between the spawn and the run (joining cgroups).
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CoreError } from '../../contracts/errors.js';
import type { CommandRequest, CommandResult, Isolation, LimitName } from './command-runner.js';
import { type WriteWatch, watchWrittenBytes } from './write-watch.js';

export interface ProcessLaunch {
  argv: readonly [string, ...string[]];
  /** The environment the spawned program (the backend's launcher or the command itself) gets. */
  environment: Readonly<Record<string, string>>;
  cwd: string;
  /** What the child gets as fd 3, 4, …: a pipe for a launcher's handshake, or an open fd to hand over. */
  extraFds?: ReadonlyArray<'pipe' | 'ignore' | number>;
  /** Runs after the spawn and before stdin is fed; a throw kills the run. */
  prepare?: (child: ChildProcess) => Promise<void>;
  /** The run's processes (its cgroup's), watched for the bytes they write once `prepare` is done. */
  members?: () => Promise<number[]>;
}

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The run wrote more than its limit (write-watch.ts) and was stopped. */
  wroteTooMuch: boolean;
  durationMs: number;
}

let devNull: number | undefined;

// O_CLOEXEC as /proc/self/fdinfo prints flags (octal).
const O_CLOEXEC = 0o2000000;

/** Whether fd `fd` of this process would survive an exec (its close-on-exec flag is off). */
function inheritable(fd: number): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & O_CLOEXEC) === 0;
  } catch {
    return false;
  }
}

/**
 * The child's fds: stdin, stdout, stderr and the launcher's, and /dev/null in place of every other fd
 * of this process an exec would pass on. Node opens its own fds close-on-exec, but fds WebNova inherited
 * from whatever started it (a terminal, a launcher, a test harness) are not, and would reach the command
 * (a socket, a pipe to another program): the child gets /dev/null at those numbers instead.
 */
function childStdio(extra: ReadonlyArray<'pipe' | 'ignore' | number>): StdioOptions {
  const stdio: Array<'pipe' | 'ignore' | number> = ['pipe', 'pipe', 'pipe', ...extra];
  if (process.platform !== 'linux') return stdio;
  devNull ??= openSync('/dev/null', 'r');
  const open = readdirSync('/proc/self/fd')
    .map(Number)
    .filter((fd) => fd > 2 && (stdio[fd] === undefined || stdio[fd] === 'ignore') && inheritable(fd));
  for (const fd of open) {
    while (stdio.length < fd) stdio.push('ignore');
    stdio[fd] = devNull;
  }
  return stdio;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    // The negative pid is the process group the child leads (spawned detached): every descendant that
    // stayed in it dies with it. Those that left it (a new session) are the cgroup's or the namespace's.
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/** The signal an exit code stands for where a launcher (bubblewrap, a container's init) reports a signal death as 128 + n, as shells do. */
export function signalOfExitCode(code: number | null): NodeJS.Signals | null {
  if (code === null || code <= 128 || code > 128 + 64) return null;
  const found = Object.entries(osConstants.signals).find(([, number]) => number === code - 128);
  return (found?.[0] as NodeJS.Signals | undefined) ?? null;
}

/** Signals that mean a limit the kernel enforces through rlimits stopped the process. */
export function limitOfSignal(signal: NodeJS.Signals | null): LimitName | null {
  if (signal === 'SIGXCPU') return 'cpu';
  if (signal === 'SIGXFSZ') return 'disk';
  return null;
}

/**
 * A run's result from its outcome. The limit named is the kernel's first (a fork bomb held at its process
 * limit runs on until the wall time: the process limit is the one it hit), then the wall time, then
 * the limit an rlimit's signal names.
 */
export function commandResult(
  outcome: ProcessOutcome,
  isolation: Isolation,
  cgroupLimit: LimitName | null,
  signal: NodeJS.Signals | null = outcome.signal,
): CommandResult {
  return {
    exitCode: outcome.exitCode,
    signal,
    timedOut: outcome.timedOut,
    limitHit: cgroupLimit ?? (outcome.wroteTooMuch ? 'disk' : outcome.timedOut ? 'wall' : limitOfSignal(signal)),
    isolation,
    durationMs: outcome.durationMs,
  };
}

/** Starts `launch`, wires `request`'s streams, stdin, wall time and cancel, and waits for the end. */
export function runProcess(launch: ProcessLaunch, request: CommandRequest): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(new CoreError('CANCELLED', { code: 'ERROR_SANDBOX_CANCELLED', params: {} }));
      return;
    }
    const started = performance.now();
    const child = spawn(launch.argv[0], launch.argv.slice(1), {
      cwd: launch.cwd,
      env: { ...launch.environment },
      stdio: childStdio(launch.extraFds ?? []),
      detached: true,
      shell: false,
      windowsHide: true,
    });
    let timedOut = false;
    let cancelled = false;
    let failure: unknown;
    const wall = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, request.limits.wallSeconds * 1000);
    const onAbort = () => {
      cancelled = true;
      killGroup(child);
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });

    if (request.stdout) child.stdout?.pipe(request.stdout, { end: false });
    else child.stdout?.resume();
    if (request.stderr) child.stderr?.pipe(request.stderr, { end: false });
    else child.stderr?.resume();
    // A command that exits without reading its input closes the pipe under us: that is no failure.
    child.stdin?.on('error', () => undefined);
    // The same for a launcher's handshake pipes, which it closes once it has used them.
    for (const stream of child.stdio.slice(3)) stream?.on('error', () => undefined);

    child.once('error', (error) => {
      failure = error;
    });
    let watch: WriteWatch | undefined;
    child.once('close', (code, signal) => {
      clearTimeout(wall);
      watch?.stop();
      request.signal?.removeEventListener('abort', onAbort);
      if (failure) {
        const error = failure as NodeJS.ErrnoException;
        reject(
          new CoreError('IO_ERROR', {
            code: 'ERROR_SANDBOX_START',
            params: { program: launch.argv[0], reason: error.code ?? error.message },
          }),
        );
        return;
      }
      if (cancelled) {
        reject(new CoreError('CANCELLED', { code: 'ERROR_SANDBOX_CANCELLED', params: {} }));
        return;
      }
      resolve({
        exitCode: code,
        signal,
        timedOut,
        wroteTooMuch: watch?.exceeded ?? false,
        durationMs: Math.round(performance.now() - started),
      });
    });

    const prepared = child.pid === undefined ? Promise.resolve() : (launch.prepare?.(child) ?? Promise.resolve());
    prepared.then(
      () => {
        const members = launch.members;
        if (members) watch = watchWrittenBytes(members, request.limits.writtenBytes, () => killGroup(child));
        if (request.stdin !== undefined) child.stdin?.end(request.stdin);
        else child.stdin?.end();
      },
      (error: unknown) => {
        failure = error;
        killGroup(child);
      },
    );
  });
}
