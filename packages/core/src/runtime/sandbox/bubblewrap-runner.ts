/**
 * The bubblewrap backend: the command runs in new user, mount, PID, network, IPC, UTS and cgroup
 * namespaces, sees a file system made only of read-only system folders, the toolchains it was given, the
 * project (writable, its `.git` read-only) and size-limited tmpfs for /tmp and its home; no capabilities,
 * no new privileges (bubblewrap sets PR_SET_NO_NEW_PRIVS, so setuid programs gain nothing), no user
 * namespace of its own, a seccomp filter refusing system calls it has no use for (seccomp.ts), a new
 * session (no TIOCSTI into a terminal), an empty environment plus the request's own, and it dies with
 * the runner.
 *
 * How each limit is enforced here:
 * - memory, processes: cgroup v1 `memory.limit_in_bytes` (+ memsw) and `pids.max`, or cgroup v2
 *   `memory.max` (+ `memory.swap.max` 0) and `pids.max` in a delegated subtree (cgroups.ts), on a group the
 *   launcher joins before the command starts (bubblewrap's `--block-fd` holds the sandbox until then);
 *   without cgroups they are not enforced and `mechanisms` says so. Never RLIMIT_AS: an address-space
 *   limit breaks V8 and Go, which reserve far more than they use.
 * - cpu: RLIMIT_CPU through `prlimit` as the argv's first word (SIGXCPU at the limit, SIGKILL a second
 *   later); per process, so a forking program gets it per child, bounded by the process limit.
 * - disk: the total the run's processes write, watched through /proc/<pid>/io (write-watch.ts) where
 *   cgroups name the run's processes, and RLIMIT_FSIZE (the most one file may grow to; SIGXFSZ, or EFBIG where a runtime ignores the
 *   signal, as Python does) and the size of the tmpfs. The total written into the project is not bounded.
 * - wall: the runner's timer kills the process group; `--die-with-parent` and the PID namespace take
 *   every other process of the run with it, the cgroup's members are killed as well.
 *
 * The network: `none` keeps the new network namespace (loopback only); `host` shares the host's
 * (`--share-net`, and /etc/resolv.conf to resolve names); `registry` keeps the namespace, binds the
 * socket of a registry proxy started for the run (registry-proxy.ts) and runs the command under the
 * forwarder (registry-forwarder.ts), which makes that proxy reachable as 127.0.0.1:<port> inside. The
 * forwarder is the sandbox's first process, so it is in the run's cgroups and under its rlimits too.
 * npm's download cache (`_cacache` only) is bound read-only there, and npm given a copy-on-write view of it.
 */
import { constants, existsSync, lstatSync, readlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CoreError } from '../../contracts/errors.js';
import { type CgroupSupport, cgroupMechanisms, RunCgroups } from './cgroups.js';
import type { CommandRequest, CommandResult, CommandRunner, LimitMechanisms } from './command-runner.js';
import { toolchainOf } from './languages.js';
import { readNpmSettings } from './npm-settings.js';
import { forwarderScript } from './registry-forwarder.js';
import { type RegistryProxy, startRegistryProxy } from './registry-proxy.js';
import { commandResult, runProcess, signalOfExitCode } from './run-process.js';
import { allowedFolder, checkedPaths, rejectPath } from './sandbox-paths.js';
import { SECCOMP_AVAILABLE, seccompFilter } from './seccomp.js';

/** Where the command's home is inside the sandbox (a tmpfs: nothing of the user's home is there). */
export const SANDBOX_HOME = '/home/sandbox';
/** Where the registry proxy's socket is inside the sandbox, and npm's cache. */
const PROXY_SOCKET = '/run/webnova/registry.sock';
const SANDBOX_NPM_CACHE = `${SANDBOX_HOME}/.npm`;
const HOST_NPM_CACHE = '/run/webnova/npm-cache';
const SECCOMP_FD = 5;
const GIT_FD = 6;

/** The unprivileged user the command runs as inside its user namespace (`nobody`). */
const SANDBOX_UID = '65534';

// The system's own folders, read-only. /bin, /lib… are symlinks into /usr on merged-/usr systems: the
// same symlinks are made inside, else the folders are bound.
const SYSTEM_FOLDERS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
// The few files of /etc programs need to start and resolve names; never shadow, ssh keys or configs.
const ETC_FILES = [
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'alternatives',
  'ssl',
  'ca-certificates',
  'localtime',
  'nsswitch.conf',
  'passwd',
  'group',
  'hosts',
  'os-release',
  'debian_version',
  'mime.types',
  'python3',
  'python3.11',
  'terminfo',
];

function systemBinds(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const folder of SYSTEM_FOLDERS) {
    if (!existsSync(folder)) continue;
    if (lstatSync(folder).isSymbolicLink()) args.push('--symlink', readlinkSync(folder), folder);
    else args.push('--ro-bind', folder, folder);
  }
  for (const name of ETC_FILES) args.push('--ro-bind-try', `/etc/${name}`, `/etc/${name}`);
  return args;
}

export interface BubblewrapPrograms {
  bwrap: string;
  prlimit: string;
  /** A native Node for the registry policy's forwarder; without one that policy is refused. */
  node?: string | undefined;
}

/** What the `registry` policy adds to a run: its proxy, bubblewrap's arguments, the command's prefix. */
interface RegistryNetwork {
  proxy: RegistryProxy;
  binds: string[];
  environment: Record<string, string>;
  argvPrefix: string[];
}

export class BubblewrapRunner implements CommandRunner {
  readonly isolation = 'bubblewrap' as const;
  readonly mechanisms: LimitMechanisms;

  constructor(
    private readonly programs: BubblewrapPrograms,
    private readonly cgroups: CgroupSupport,
  ) {
    const cgroup = cgroupMechanisms(cgroups);
    this.mechanisms = {
      memory: cgroup?.memory ?? null,
      processes: cgroup?.processes ?? null,
      cpu: 'RLIMIT_CPU (prlimit)',
      disk: cgroup
        ? 'RLIMIT_FSIZE (prlimit) per file, tmpfs size for /tmp and home, the total watched (/proc/<pid>/io)'
        : 'RLIMIT_FSIZE (prlimit) per file, tmpfs size for /tmp and home',
      wall: 'runner timer, kills the process group and the PID namespace',
    };
  }

  async run(request: CommandRequest): Promise<CommandResult> {
    const { project, writable, readOnly } = await checkedPaths(request);

    const network = request.policy.network === 'registry' ? await this.registryNetwork(project) : undefined;
    try {
      return await this.runIsolated(request, project, writable, readOnly, network);
    } finally {
      await network?.proxy.close();
    }
  }

  /** Starts the run's registry proxy and says how the sandbox reaches it and npm's cache. */
  private async registryNetwork(project: string): Promise<RegistryNetwork> {
    const node = this.programs.node;
    if (!node) throw new CoreError('NOT_FOUND', { code: 'ERROR_SANDBOX_REGISTRY_NODE', params: {} });
    const settings = await readNpmSettings({ env: process.env, home: homedir(), project });
    const cache = existsSync(join(settings.cache, '_cacache'))
      ? await allowedFolder(join(settings.cache, '_cacache'))
      : undefined;
    const toolchain = toolchainOf(node);
    const proxy = await startRegistryProxy({
      registry: settings.registry,
      allowPrivateAddresses: settings.registrySource !== 'project',
    });
    return {
      proxy,
      binds: [
        '--ro-bind',
        proxy.socketPath,
        PROXY_SOCKET,
        ...(toolchain ? ['--ro-bind', toolchain, toolchain] : []),
        // Read-only, beside npm's own cache, which the forwarder makes from it (see registry-forwarder.ts).
        ...(cache ? ['--ro-bind', cache, HOST_NPM_CACHE] : []),
      ],
      // npm inside sees neither the user's .npmrc nor its tokens: it is told the registry and the cache
      // (and asks no update check: the notice would be about the host's npm, and it is a request per run).
      environment: {
        npm_config_registry: settings.registry.href,
        npm_config_cache: SANDBOX_NPM_CACHE,
        npm_config_update_notifier: 'false',
      },
      argvPrefix: [
        node,
        '-e',
        forwarderScript,
        PROXY_SOCKET,
        cache ? HOST_NPM_CACHE : '-',
        `${SANDBOX_NPM_CACHE}/_cacache`,
      ],
    };
  }

  private async runIsolated(
    request: CommandRequest,
    project: string,
    writable: string[],
    readOnly: string[],
    network: RegistryNetwork | undefined,
  ): Promise<CommandResult> {
    // `.git` is opened without following a symlink and handed to bubblewrap as that open file: a link
    // planted in its place (to ~/.ssh, say) is refused, and one swapped in after the check is not seen.
    let gitHandle: Awaited<ReturnType<typeof open>> | undefined;
    const gitPath = join(project, '.git');
    if (request.policy.readOnlyGit) {
      try {
        gitHandle = await open(gitPath, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') rejectPath(gitPath, 'ERROR_SANDBOX_GIT_LINK');
        if (code !== 'ENOENT') throw error;
      }
    }

    const size = String(request.limits.writtenBytes);
    const args: string[] = [
      '--unshare-all',
      '--unshare-user',
      '--uid',
      SANDBOX_UID,
      '--gid',
      SANDBOX_UID,
      ...(request.policy.network === 'host'
        ? ['--share-net', '--ro-bind-try', '/etc/resolv.conf', '/etc/resolv.conf']
        : []),
      '--die-with-parent',
      '--new-session',
      // No user namespace inside: nested ones hand out capabilities over new namespaces, much kernel surface.
      '--disable-userns',
      '--cap-drop',
      'ALL',
      '--hostname',
      'sandbox',
      ...systemBinds(),
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--size',
      size,
      '--tmpfs',
      '/tmp',
      '--size',
      size,
      '--tmpfs',
      SANDBOX_HOME,
      ...readOnly.flatMap((path) => ['--ro-bind', path, path]),
      request.policy.projectReadOnly ? '--ro-bind' : '--bind',
      project,
      project,
      ...writable.flatMap((path) => ['--bind', path, path]),
      ...(network?.binds ?? []),
      // Last, so no writable bind above can uncover it: the open `.git` (see extraFds).
      ...(gitHandle ? ['--ro-bind-fd', String(GIT_FD), gitPath] : []),
      ...(SECCOMP_AVAILABLE ? ['--seccomp', String(SECCOMP_FD)] : []),
      '--chdir',
      project,
      '--clearenv',
      ...Object.entries({ ...request.environment, ...network?.environment, HOME: SANDBOX_HOME }).flatMap(
        ([key, value]) => ['--setenv', key, value],
      ),
      '--info-fd',
      '3',
      '--block-fd',
      '4',
      '--',
      ...(network?.argvPrefix ?? []),
      ...request.argv,
    ];
    const cpu = request.limits.cpuSeconds;
    const argv: [string, ...string[]] = [
      this.programs.prlimit,
      `--cpu=${cpu}:${cpu + 1}`,
      `--fsize=${size}:${size}`,
      '--',
      this.programs.bwrap,
      ...args,
    ];

    const groups = this.cgroups.version ? await RunCgroups.create(this.cgroups, request.limits) : undefined;
    try {
      const outcome = await runProcess(
        {
          argv,
          // bubblewrap itself gets nothing: it becomes the sandbox's PID 1, whose /proc/1/environ the command can read.
          environment: {},
          cwd: '/',
          // fd 3: bubblewrap's info, 4: its go-ahead, 5: the seccomp filter, 6: the open `.git`.
          extraFds: ['pipe', 'pipe', 'pipe', gitHandle ? gitHandle.fd : 'ignore'],
          ...(groups ? { members: () => groups.members() } : {}),
          prepare: async (child) => {
            (child.stdio.at(SECCOMP_FD) as Writable).end(SECCOMP_AVAILABLE ? seccompFilter() : undefined);
            // bubblewrap names the sandbox's first process on fd 3 and waits on fd 4: both join the groups
            // before anything of the command runs, so every process it makes is born inside them.
            const info = await readAll(child.stdio[3] as Readable);
            const inner = /"child-pid"\s*:\s*(\d+)/.exec(info)?.[1];
            if (groups && child.pid !== undefined) {
              await groups.join(child.pid);
              if (inner) await groups.join(Number(inner));
            }
            (child.stdio[4] as Writable).end('go');
          },
        },
        request,
      );
      const signal = outcome.signal ?? signalOfExitCode(outcome.exitCode);
      const result = commandResult(outcome, this.isolation, (await groups?.limitHit()) ?? null, signal);
      return network ? { ...result, networkRefusals: [...network.proxy.refusals] } : result;
    } finally {
      await gitHandle?.close();
      await groups?.remove();
    }
  }
}

/** Everything a stream gives until it ends. */
function readAll(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      // bubblewrap keeps fd 3 open while it waits on fd 4: the JSON object is complete once closed.
      if (text.includes('}')) resolve(text);
    });
    stream.once('end', () => resolve(text));
    stream.once('error', reject);
  });
}
