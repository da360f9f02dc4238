/**
 * The OCI backend: each run is one container on a Docker-compatible engine (Docker, or podman's
 * `podman system service`), made from the local image (oci-image.ts) and removed afterwards in every
 * path. The container has no network (`NetworkMode: none`), a read-only root file system, size-limited
 * tmpfs for /tmp and its home, no capabilities, no new privileges, a seccomp profile (the engine's
 * default less what bubblewrap's filter refuses, and no user namespaces: seccomp.ts),
 * an init as PID 1 (it reaps, and passes a signal death on as 128 + n), and the binds: the project
 * read-write at its own path, its `.git` read-only over it, the policy's read-only and writable folders,
 * and each toolchain (Node comes from the host, bound read-only like bubblewrap does; python3 and bash
 * are the image's).
 *
 * The user: the project folder's owner (uid:gid) when that is not root, so what the run writes belongs
 * to the project's owner, as it would had they run it. A root-owned project runs as nobody (65534),
 * and is then writable only where its own permissions let anyone write: the engines reachable here
 * cannot map nobody to root for one container (Docker's API has no per-container user map; podman's
 * `--userns auto:uidmapping=65534:0:1` fails to mount its overlay on this kernel), and widening the
 * project's permissions or ACLs for a run would outlive the run. Bubblewrap, whose nobody is the
 * invoking user on the host, remains the backend for root-owned projects that must be written.
 *
 * How each limit is enforced (`mechanisms`):
 * - memory, processes: where this host's cgroup v1 groups can be made (a local engine, as root), on the
 *   run's own pair of groups (cgroups.ts) given as the container's `CgroupParent`: they outlive the
 *   container, and their peaks name the limit reached (v1 counts an OOM kill or a refused fork only in
 *   the container's own group, which is gone when the run's end is reported; see `peakLimit`). Elsewhere (a remote engine) the container's own `Memory` = `MemorySwap` and `PidsLimit`,
 *   and the memory limit is named from the engine's `State.OOMKilled`, the process limit not at all.
 * - cpu: `Ulimits` cpu, soft = limit, hard = limit + 1 (SIGXCPU, exit 152 through the init).
 * - disk: `Ulimits` fsize per file (SIGXFSZ, exit 153; EFBIG where a runtime ignores the signal) and the
 *   tmpfs size; the total written into the project is not bounded (as with bubblewrap).
 * - wall: the runner's timer kills the container.
 */
import { createHash } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Duplex, Writable } from 'node:stream';
import type Docker from 'dockerode';
import { CoreError } from '../../contracts/errors.js';
import { defaultDataDir } from '../../settings/data-dir.js';
import { atHierarchyRoots, type CgroupSupport, RunCgroups, removeEngineGroups } from './cgroups.js';
import type { CommandRequest, CommandResult, CommandRunner, LimitMechanisms, LimitName } from './command-runner.js';
import { SANDBOX_IMAGE } from './oci-image.js';
import { commandResult, signalOfExitCode } from './run-process.js';
import { checkedPaths, gitFolder } from './sandbox-paths.js';
import { ociSeccompProfile } from './seccomp.js';

/** The command's home inside the container (a tmpfs), the same path bubblewrap gives it. */
const SANDBOX_HOME = '/home/sandbox';
const NOBODY = 65534;
/**
 * Variables an engine adds on its own (podman: HOSTNAME, container, TERM, a PATH): removed before the
 * command starts unless the request sets them, so it sees the request's environment only. By name,
 * through the image's `env -u`, so no value of the request is ever in an argv.
 */
const ENGINE_VARIABLES = ['HOSTNAME', 'container', 'TERM', 'PATH'];
/**
 * Open files, and processes per user: set explicitly because once a run sets any ulimit the engine puts
 * its own defaults for the others, which may exceed the host's hard limits (the container then cannot
 * start). The process bound that matters is the pids cgroup; RLIMIT_NPROC counts the user's processes
 * on the whole host.
 */
const NOFILE = 1024;
const NPROC = 4096;

/**
 * The user a run is: the project's owner, or nobody for a root-owned project (see above), which nobody
 * must at least be able to enter: else the run is refused with that reason rather than failing inside.
 */
export async function containerUser(project: string): Promise<string> {
  const { uid, gid, mode } = await stat(project);
  if (uid !== 0) return `${uid}:${gid}`;
  if ((mode & 0o001) === 0) {
    throw new CoreError('PERMISSION_DENIED', { code: 'ERROR_SANDBOX_OCI_ROOT_PROJECT', params: { path: project } });
  }
  return `${NOBODY}:${NOBODY}`;
}

function cancelled(): CoreError {
  return new CoreError('CANCELLED', { code: 'ERROR_SANDBOX_CANCELLED', params: {} });
}

export class OciRunner implements CommandRunner {
  readonly isolation = 'oci' as const;
  readonly mechanisms: LimitMechanisms;

  constructor(
    private readonly docker: Docker,
    /** The engine's API socket, said in status. */
    readonly socketPath: string,
    /** This host's cgroups: with v1, each container's parent is a run's own groups, which name the limit hit. */
    private readonly cgroups: CgroupSupport,
    /** Podman takes a seccomp profile as a path on its host, Docker as the profile itself. */
    private readonly engine: 'podman' | 'docker',
    private readonly dataDir = defaultDataDir(),
    private readonly image = SANDBOX_IMAGE,
  ) {
    const parent = cgroups.version && `the run's cgroup ${cgroups.version} group as the container's CgroupParent`;
    this.mechanisms = {
      memory: parent ? `${parent}, memory.limit_in_bytes (+ memsw)` : 'container Memory = MemorySwap',
      processes: parent ? `${parent}, pids.max` : 'container PidsLimit',
      cpu: 'RLIMIT_CPU (container ulimit cpu)',
      disk: 'RLIMIT_FSIZE (container ulimit fsize) per file, tmpfs size for /tmp and home',
      wall: 'runner timer, kills the container',
    };
  }

  async run(request: CommandRequest): Promise<CommandResult> {
    if (request.policy.network !== 'none') {
      // No network but `none` yet: `host` would need the engine's host network, `registry` the filtering proxy.
      throw new CoreError('INVALID_INPUT', {
        code: 'ERROR_SANDBOX_OCI_NETWORK',
        params: { network: request.policy.network },
      });
    }
    if (request.signal?.aborted) throw cancelled();
    const { project, writable, readOnly } = await checkedPaths(request);
    const git = request.policy.readOnlyGit ? await gitFolder(project) : undefined;
    // The run's own groups as the container's parent: they outlive the container (whose own group goes
    // with it before its end is reported), and the kernel counts an OOM kill or a refused fork in them.
    const groups = this.cgroups.version
      ? await RunCgroups.create(atHierarchyRoots(this.cgroups), request.limits)
      : undefined;
    const parent = groups?.enginePath();
    try {
      return await this.runContainer(request, { project, writable, readOnly, git }, parent, groups);
    } finally {
      await groups?.remove();
      if (parent) await removeEngineGroups(parent);
    }
  }

  private async runContainer(
    request: CommandRequest,
    paths: { project: string; writable: string[]; readOnly: string[]; git: string | undefined },
    parent: string | undefined,
    groups: RunCgroups | undefined,
  ): Promise<CommandResult> {
    const { project, writable, readOnly, git } = paths;
    const bind = (path: string, readOnlyBind: boolean) => ({
      Type: 'bind' as const,
      Source: path,
      Target: path,
      ReadOnly: readOnlyBind,
    });
    const size = request.limits.writtenBytes;
    const cpu = request.limits.cpuSeconds;
    const memory = request.limits.memoryMb * 1024 * 1024;
    const tmpfs = `rw,nosuid,nodev,size=${size},mode=1777`;
    const environment = { ...request.environment, HOME: SANDBOX_HOME };
    const unset = ENGINE_VARIABLES.filter((name) => !(name in environment)).flatMap((name) => ['-u', name]);
    const container = await this.docker.createContainer({
      Image: this.image,
      Cmd: ['/usr/bin/env', ...unset, '--', ...request.argv],
      Env: Object.entries(environment).map(([key, value]) => `${key}=${value}`),
      User: await containerUser(project),
      WorkingDir: project,
      Hostname: 'sandbox',
      Tty: false,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: 'none',
        ReadonlyRootfs: true,
        Init: true,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges', ...(await this.seccompOption())],
        // A tmpfs where no bind lands (a project at /tmp itself replaces the tmpfs there).
        Tmpfs: Object.fromEntries(
          ['/tmp', SANDBOX_HOME]
            .filter((target) => ![project, ...writable, ...readOnly].includes(target))
            .map((target) => [target, tmpfs]),
        ),
        // With the run's groups as parent the limits are theirs: cgroup v1 counts an OOM kill or a refused
        // fork only in the group whose limit was hit, and the container's own group is gone by the end.
        ...(parent
          ? { CgroupParent: parent }
          : { Memory: memory, MemorySwap: memory, PidsLimit: request.limits.processes }),
        Ulimits: [
          { Name: 'cpu', Soft: cpu, Hard: cpu + 1 },
          { Name: 'fsize', Soft: size, Hard: size },
          { Name: 'nofile', Soft: NOFILE, Hard: NOFILE },
          { Name: 'nproc', Soft: NPROC, Hard: NPROC },
        ],
        // Order does not matter to the engine (it mounts parents first): `.git` always lands over the project.
        Mounts: [
          ...readOnly.map((path) => bind(path, true)),
          bind(project, false),
          ...writable.map((path) => bind(path, false)),
          ...(git ? [bind(git, true)] : []),
        ],
      },
    });
    try {
      return await this.attachAndWait(container, request, groups);
    } finally {
      await container.remove({ force: true, v: true }).catch(() => undefined);
    }
  }

  private seccomp: Promise<string[]> | undefined;

  /** The `seccomp=` option for the profile of seccomp.ts (none when the engine's default is not here). */
  private seccompOption(): Promise<string[]> {
    this.seccomp ??= (async () => {
      const profile = await ociSeccompProfile();
      if (!profile) return [];
      if (this.engine === 'docker') return [`seccomp=${profile}`];
      const folder = join(this.dataDir, 'sandbox');
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const file = join(folder, `seccomp-${createHash('sha256').update(profile).digest('hex').slice(0, 16)}.json`);
      await writeFile(file, profile, { mode: 0o600 });
      return [`seccomp=${file}`];
    })();
    return this.seccomp;
  }

  /**
   * The limit a run's groups reached, when the kernel's own counters are out of reach (cgroup v1 keeps
   * them in the container's group, gone by now): memory when its peak reached the limit and a SIGKILL
   * the runner did not send (`signal` is null after its timer) ended the run, the OOM killer's;
   * processes when the peak count reached pids.max (the engine's conmon counts as one there).
   */
  private async peakLimit(groups: RunCgroups | undefined, signal: NodeJS.Signals | null): Promise<LimitName | null> {
    const peaks = await groups?.peaksAtLimits();
    if (peaks?.memory && signal === 'SIGKILL') return 'memory';
    return peaks?.processes ? 'processes' : null;
  }

  private async attachAndWait(
    container: Docker.Container,
    request: CommandRequest,
    groups: RunCgroups | undefined,
  ): Promise<CommandResult> {
    const started = performance.now();
    const stream = await attach(this.docker, container.id);
    const ended = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    this.docker.modem.demuxStream(stream, request.stdout ?? sink(), request.stderr ?? sink());

    let timedOut = false;
    let aborted = false;
    const kill = () => container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    const onAbort = () => {
      aborted = true;
      void kill();
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    let wall: NodeJS.Timeout | undefined;
    try {
      if (request.signal?.aborted) throw cancelled();
      await container.start();
      // An abort while it was starting found nothing to kill yet.
      if (aborted) void kill();
      // After the start: before it, a created container already counts as "not running" for the wait.
      const waiting = container.wait();
      wall = setTimeout(() => {
        timedOut = true;
        void kill();
      }, request.limits.wallSeconds * 1000);
      // Fed then closed: the end of the attach stream's write side is the command's end of input.
      if (request.stdin !== undefined) stream.write(request.stdin);
      stream.end();
      const { StatusCode } = (await waiting) as { StatusCode: number };
      await ended;
      if (aborted) throw cancelled();
      const state = (await container.inspect()).State;
      const exitCode = StatusCode;
      const signal = signalOfExitCode(exitCode);
      const limit = state.OOMKilled
        ? 'memory'
        : ((await groups?.limitHit()) ?? (await this.peakLimit(groups, timedOut ? null : signal)));
      return commandResult(
        // The total written is not watched here: the run's processes are in the container's own group.
        { exitCode, signal: null, timedOut, wroteTooMuch: false, durationMs: Math.round(performance.now() - started) },
        this.isolation,
        limit,
        signal,
      );
    } finally {
      clearTimeout(wall);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/**
 * The container's stdin, stdout and stderr on one hijacked connection. Dialled here rather than through
 * `container.attach`, which sends its own options as the request's body: podman feeds that body to the
 * command's stdin. An empty body (Content-Length 0) is what Docker and podman both take as none.
 */
function attach(docker: Docker, id: string): Promise<Duplex> {
  const modem = docker.modem as unknown as {
    dial(options: Record<string, unknown>, callback: (error: Error | null, stream: Duplex) => void): void;
  };
  return new Promise((resolve, reject) => {
    modem.dial(
      {
        path: `/containers/${id}/attach?`,
        method: 'POST',
        isStream: true,
        hijack: true,
        openStdin: true,
        file: Buffer.alloc(0),
        statusCodes: { 101: true, 200: true, 404: 'no such container', 500: 'server error' },
        options: { stream: true, stdin: true, stdout: true, stderr: true },
      },
      (error, stream) => (error ? reject(error) : resolve(stream)),
    );
  });
}

/** Where output nobody asked for goes. */
function sink(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
