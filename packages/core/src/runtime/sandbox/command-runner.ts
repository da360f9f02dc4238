/**
 * The port every way of running a command goes through: an argv (never a shell line), a folder, an
 * explicit environment (nothing is inherited from WebNova's own), a policy saying what the command may
 * reach, and limits set before it starts. Backends (bubblewrap, the host, later OCI) implement it; the
 * executors of decisions take a `CommandRunner`, so which one ran is a choice made once, and reported.
 */
import type { Writable } from 'node:stream';
import type { SystemMessage } from '../../contracts/messages/system-message.js';

/**
 * Where a run's process may connect: nowhere (`none`), only the configured npm registry through the
 * filtering proxy (`registry`), or wherever the host can (`host`, only with the owner's approval).
 */
export type NetworkPolicy = 'none' | 'registry' | 'host';

export interface SandboxPolicy {
  network: NetworkPolicy;
  /** Folders the command may write besides the project (absolute; classified by their real paths). */
  writablePaths: readonly string[];
  /** Folders bound read-only (toolchains outside /usr, e.g. a Node or a Rust install). */
  readOnlyPaths: readonly string[];
  /** The project's `.git` stays read-only: commits are the IDE's checkpoints, made outside. */
  readOnlyGit: boolean;
  /** The project itself read-only, `writablePaths` (folders inside it) the only places written. */
  projectReadOnly?: boolean;
}

export interface RunLimits {
  memoryMb: number;
  cpuSeconds: number;
  wallSeconds: number;
  processes: number;
  /** The most one file may grow to, and the size of the sandbox's own /tmp and home. */
  writtenBytes: number;
}

export type LimitName = 'memory' | 'cpu' | 'wall' | 'processes' | 'disk';
export type Isolation = 'bubblewrap' | 'oci' | 'host';

export interface CommandRequest {
  argv: readonly [string, ...string[]];
  /** The project folder: the run's working folder, and the one tree it may write. */
  cwd: string;
  /** The whole environment the command sees. */
  environment: Readonly<Record<string, string>>;
  policy: SandboxPolicy;
  limits: RunLimits;
  /** Fed to the command's stdin, then closed; without it stdin is closed from the start. */
  stdin?: string | Buffer;
  /** The command's output as it comes; the runner never buffers it. */
  stdout?: Writable;
  stderr?: Writable;
  /** Aborting kills the run's whole process tree. */
  signal?: AbortSignal;
}

export interface CommandResult {
  exitCode: number | null;
  /** The signal that ended the command, when one did. */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The limit that stopped the run, when one did. */
  limitHit: LimitName | null;
  isolation: Isolation;
  durationMs: number;
  /** What the registry proxy refused during the run (`registry` policy only), to show the person. */
  networkRefusals?: NetworkRefusal[];
}

/** One request the registry proxy refused: what was asked and why, as a message. */
export interface NetworkRefusal {
  method: string;
  target: string;
  reason: RefusalReason;
  message: SystemMessage;
}

export type RefusalReason =
  | 'not-the-registry'
  | 'wrong-port'
  | 'ip-literal'
  | 'private-address'
  | 'headers-too-large'
  | 'too-many-tunnels'
  | 'bad-request';

/** How a backend enforces each limit on this machine (`null`: it cannot). Said in status and reports. */
export type LimitMechanisms = Record<LimitName, string | null>;

export interface CommandRunner {
  readonly isolation: Isolation;
  readonly mechanisms: LimitMechanisms;
  run(request: CommandRequest): Promise<CommandResult>;
}

/** Limits for a run nobody configured: small enough that a runaway stops, large enough for a build step. */
export const DEFAULT_LIMITS: RunLimits = {
  memoryMb: 512,
  cpuSeconds: 60,
  wallSeconds: 120,
  processes: 256,
  writtenBytes: 256 * 1024 * 1024,
};

export const DEFAULT_POLICY: SandboxPolicy = {
  network: 'none',
  writablePaths: [],
  readOnlyPaths: [],
  readOnlyGit: true,
};
