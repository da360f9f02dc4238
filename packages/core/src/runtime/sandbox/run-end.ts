import type { SystemMessage } from '../../contracts/messages/system-message.js';
import type { CommandResult, Isolation } from './command-runner.js';
import type { SandboxRunEnd } from './contract.js';

/** How a run ended, as the `sandbox.finished` event says it (a file's run, or a decided command's). */
export const endOfResult = (result: CommandResult): SandboxRunEnd => ({
  exitCode: result.exitCode,
  signal: result.signal,
  timedOut: result.timedOut,
  limitHit: result.limitHit,
  isolation: result.isolation,
  durationMs: Math.round(result.durationMs),
});

/** A run that never got a result (cancelled, or its runner could not start it), and why. */
export const endOfFailure = (isolation: Isolation, error: SystemMessage): SandboxRunEnd => ({
  exitCode: null,
  signal: null,
  timedOut: false,
  limitHit: null,
  isolation,
  durationMs: 0,
  error,
});
