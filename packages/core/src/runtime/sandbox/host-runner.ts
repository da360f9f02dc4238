/**
 * The host runner: the command runs as WebNova's own user, with the file system and network it has.
 * Only for a decision the owner approved to run on the host; nothing chooses it by itself. What it keeps:
 * an argv (no shell), the request's environment only, its own process group, and the limits WebNova can
 * set without isolation: RLIMIT_CPU and RLIMIT_FSIZE through `prlimit` where it exists, the cgroup limits
 * where they can be set (joined just after the spawn: children forked in that first instant escape them,
 * unlike the bubblewrap backend, which holds the command until it has joined), and the wall time.
 */
import type { CgroupSupport } from './cgroups.js';
import { RunCgroups } from './cgroups.js';
import type { CommandRequest, CommandResult, CommandRunner, LimitMechanisms } from './command-runner.js';
import { commandResult, runProcess } from './run-process.js';

export class HostRunner implements CommandRunner {
  readonly isolation = 'host' as const;
  readonly mechanisms: LimitMechanisms;

  constructor(
    private readonly prlimit: string | undefined,
    private readonly cgroups: CgroupSupport,
  ) {
    const cgroup = cgroups.version ? `cgroup ${cgroups.version}, joined after the spawn` : null;
    this.mechanisms = {
      memory: cgroup,
      processes: cgroup,
      cpu: prlimit ? 'RLIMIT_CPU (prlimit)' : null,
      disk: prlimit ? 'RLIMIT_FSIZE (prlimit) per file' : null,
      wall: 'runner timer, kills the process group',
    };
  }

  async run(request: CommandRequest): Promise<CommandResult> {
    const { cpuSeconds: cpu, writtenBytes: size } = request.limits;
    const argv: [string, ...string[]] = this.prlimit
      ? [this.prlimit, `--cpu=${cpu}:${cpu + 1}`, `--fsize=${size}:${size}`, '--', ...request.argv]
      : [...request.argv];
    const groups = this.cgroups.version ? await RunCgroups.create(this.cgroups, request.limits) : undefined;
    try {
      const outcome = await runProcess(
        {
          argv,
          environment: request.environment,
          cwd: request.cwd,
          prepare: async (child) => {
            if (groups && child.pid !== undefined) await groups.join(child.pid);
          },
        },
        request,
      );
      return commandResult(outcome, this.isolation, (await groups?.limitHit()) ?? null);
    } finally {
      await groups?.remove();
    }
  }
}
