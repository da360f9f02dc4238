/**
 * The host runner: the command runs as WebNova's own user, with the file system and network it has.
 * Only for a decision the owner approved to run on the host; nothing chooses it by itself. What it keeps:
 * an argv (no shell), the request's environment only, its own process group, and the limits WebNova can
 * set without isolation: RLIMIT_CPU and RLIMIT_FSIZE through `prlimit` where it exists, the cgroup limits
 * where they can be set, and the wall time. The command is held before it starts (a fixed shell script
 * waits on fd 3, then `exec`s the argv it was given as its arguments) until its process has joined the
 * cgroups, so nothing it forks is born outside them.
 */
import type { Writable } from 'node:stream';
import { type CgroupSupport, cgroupMechanisms, RunCgroups } from './cgroups.js';
import type { CommandRequest, CommandResult, CommandRunner, LimitMechanisms } from './command-runner.js';
import { commandResult, runProcess } from './run-process.js';

/** Waits for the go-ahead on fd 3 (the process has joined its cgroups), closes it, and becomes the command. */
const HOLD_UNTIL_JOINED = 'read -r _ <&3; exec 3<&-; exec "$@"';

export class HostRunner implements CommandRunner {
  readonly isolation = 'host' as const;
  readonly mechanisms: LimitMechanisms;

  constructor(
    private readonly prlimit: string | undefined,
    private readonly cgroups: CgroupSupport,
  ) {
    const cgroup = cgroupMechanisms(cgroups);
    this.mechanisms = {
      memory: cgroup && `${cgroup.memory}, joined before the command starts`,
      processes: cgroup && `${cgroup.processes}, joined before the command starts`,
      cpu: prlimit ? 'RLIMIT_CPU (prlimit)' : null,
      disk: prlimit ? `RLIMIT_FSIZE (prlimit) per file${cgroup ? ', the total watched (/proc/<pid>/io)' : ''}` : null,
      wall: 'runner timer, kills the process group',
    };
  }

  async run(request: CommandRequest): Promise<CommandResult> {
    const { cpuSeconds: cpu, writtenBytes: size } = request.limits;
    const groups = this.cgroups.version ? await RunCgroups.create(this.cgroups, request.limits) : undefined;
    // The argv is the script's arguments, never its text: nothing of the command is read as shell.
    const held: [string, ...string[]] = groups
      ? ['/bin/sh', '-c', HOLD_UNTIL_JOINED, 'sh', ...request.argv]
      : [...request.argv];
    const argv: [string, ...string[]] = this.prlimit
      ? [this.prlimit, `--cpu=${cpu}:${cpu + 1}`, `--fsize=${size}:${size}`, '--', ...held]
      : held;
    try {
      const outcome = await runProcess(
        {
          argv,
          environment: request.environment,
          cwd: request.cwd,
          ...(groups ? { extraFds: ['pipe' as const] } : {}),
          ...(groups ? { members: () => groups.members() } : {}),
          prepare: async (child) => {
            if (!groups || child.pid === undefined) return;
            await groups.join(child.pid);
            (child.stdio[3] as Writable).end('go\n');
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
