import type { CommandResult } from './command-runner.js';
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
