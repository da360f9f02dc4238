/**
 * Which backend runs a command here, found once: OCI when a Docker-compatible API answers on its socket
 * and has the sandbox image, else bubblewrap when it can actually make its namespaces, else none, and
 * then a run needs the owner's explicit host decision.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreError } from '../../contracts/errors.js';
import { STARTUP_PATH } from '../child-environment.js';
import { findNativeProgram, findProgram } from '../find-program.js';
import { BubblewrapRunner } from './bubblewrap-runner.js';
import { type CgroupSupport, detectCgroups } from './cgroups.js';
import type { CommandRunner, Isolation, LimitMechanisms, NetworkPolicy } from './command-runner.js';
import { HostRunner } from './host-runner.js';
import { ociClient, SANDBOX_IMAGE, SANDBOX_IMAGE_HINT, sandboxImageExists } from './oci-image.js';
import { OciRunner } from './oci-runner.js';
import { SYSTEM_PATH } from './sandbox-paths.js';
import { SECCOMP_AVAILABLE } from './seccomp.js';

/** The socket `scripts/oci-sandbox-up.sh` starts podman's API on. */
export const WEBNOVA_PODMAN_SOCKET = '/run/webnova-podman/podman.sock';

export interface BackendStatus {
  isolation: Isolation;
  available: boolean;
  /** What was found, or what is missing and how to get it. */
  detail: string;
  mechanisms?: LimitMechanisms;
}

export interface SandboxDetection {
  backends: BackendStatus[];
  cgroups: CgroupSupport;
  /** The backend runs use, or null: no isolation here, each run needs an explicit host decision. */
  chosen: Exclude<Isolation, 'host'> | null;
  runners: { oci?: OciRunner; bubblewrap?: BubblewrapRunner; host: HostRunner };
}

/** Where a Docker-compatible API socket may be: DOCKER_HOST's, Docker's, podman's (system, then the user's). */
function ociSocketCandidates(): string[] {
  const fromEnv = process.env.DOCKER_HOST?.startsWith('unix://') ? process.env.DOCKER_HOST.slice(7) : undefined;
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  const candidates = [fromEnv, '/var/run/docker.sock', '/run/podman/podman.sock', WEBNOVA_PODMAN_SOCKET];
  if (runtimeDir) candidates.push(join(runtimeDir, 'podman/podman.sock'), join(runtimeDir, 'docker.sock'));
  return candidates.filter((path): path is string => Boolean(path && existsSync(path)));
}

/**
 * Whether the Docker-compatible API on `socketPath` answers (`GET /_ping` gives 200): a socket file
 * left behind by a stopped daemon does not count.
 */
export function ociSocketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpGet({ socketPath, path: '/_ping', timeout: 5000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

export async function answeringOciSocket(): Promise<string | undefined> {
  for (const path of ociSocketCandidates()) if (await ociSocketAnswers(path)) return path;
  return undefined;
}

/** Whether bubblewrap can make the namespaces a run needs (a kernel or a container may forbid them). */
async function bubblewrapWorks(bwrap: string): Promise<string | undefined> {
  try {
    await promisify(execFile)(
      bwrap,
      ['--unshare-all', '--unshare-user', '--ro-bind', '/', '/', '--proc', '/proc', '--', '/bin/true'],
      { env: {}, timeout: 30_000 },
    );
    return undefined;
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    return (failure.stderr || failure.message).trim();
  }
}

/** The OCI runner on an answering socket, or why not (the image is missing: how to get it). */
async function ociRunnerAt(socket: string, cgroups: CgroupSupport): Promise<OciRunner | string> {
  try {
    const docker = await ociClient(socket);
    if (await sandboxImageExists(docker)) {
      const version = await docker.version();
      const podman = (version.Components ?? []).some((component) => /podman/i.test(component.Name));
      return new OciRunner(docker, socket, cgroups, podman ? 'podman' : 'docker');
    }
    return `a Docker-compatible API answers at ${socket}, without the image ${SANDBOX_IMAGE}: ${SANDBOX_IMAGE_HINT}`;
  } catch (error) {
    return `a Docker-compatible API answers at ${socket}, but: ${(error as Error).message}`;
  }
}

async function detect(): Promise<SandboxDetection> {
  const cgroups = await detectCgroups();
  const prlimit = await findProgram('prlimit', SYSTEM_PATH);
  const host = new HostRunner(prlimit, cgroups);
  const backends: BackendStatus[] = [];

  const socket = process.platform === 'linux' || process.platform === 'darwin' ? await answeringOciSocket() : undefined;
  const oci = socket ? await ociRunnerAt(socket, cgroups) : undefined;
  backends.push(
    oci instanceof OciRunner
      ? {
          isolation: 'oci',
          available: true,
          detail: `${SANDBOX_IMAGE} on the Docker-compatible API at ${socket}`,
          mechanisms: oci.mechanisms,
        }
      : {
          isolation: 'oci',
          available: false,
          detail:
            oci ?? "no Docker-compatible API answers (bash scripts/oci-sandbox-up.sh starts podman's, with the image)",
        },
  );

  let bubblewrap: BubblewrapRunner | undefined;
  const bwrap = process.platform === 'linux' ? await findProgram('bwrap', SYSTEM_PATH) : undefined;
  if (!bwrap) {
    backends.push({ isolation: 'bubblewrap', available: false, detail: 'bwrap not found: apt-get install bubblewrap' });
  } else if (!prlimit) {
    backends.push({
      isolation: 'bubblewrap',
      available: false,
      detail: 'prlimit not found: apt-get install util-linux',
    });
  } else {
    const failure = await bubblewrapWorks(bwrap);
    if (failure) {
      backends.push({
        isolation: 'bubblewrap',
        available: false,
        detail: `${bwrap} cannot make namespaces: ${failure}`,
      });
    } else {
      // The registry policy's forwarder runs on a native Node: the system's first, else the user's.
      const node = await findNativeProgram('node', `${SYSTEM_PATH}:${process.env.PATH ?? ''}`);
      bubblewrap = new BubblewrapRunner({ bwrap, prlimit, node }, cgroups);
      backends.push({
        isolation: 'bubblewrap',
        available: true,
        detail: `${bwrap}, seccomp ${SECCOMP_AVAILABLE ? 'filter on' : 'none (x86-64 only)'}, registry network ${
          node ? `through ${node}` : 'refused (no native node found)'
        }`,
        mechanisms: bubblewrap.mechanisms,
      });
    }
  }
  backends.push({ isolation: 'host', available: true, detail: 'no isolation', mechanisms: host.mechanisms });
  const runner = oci instanceof OciRunner ? oci : undefined;
  // A container runs a root-owned project's commands as nobody, unable to write it; bubblewrap maps its
  // nobody to the user that started it. So WebNova running as root keeps to bubblewrap where it has it.
  const asRoot = process.getuid?.() === 0;
  const chosen = runner && !(asRoot && bubblewrap) ? 'oci' : bubblewrap ? 'bubblewrap' : runner ? 'oci' : null;
  if (runner && chosen !== 'oci') {
    const ociStatus = backends.find((backend) => backend.isolation === 'oci');
    if (ociStatus)
      ociStatus.detail +=
        '; not chosen while WebNova runs as root (bubblewrap gives commands the project owner’s rights)';
  }
  return { backends, cgroups, chosen, runners: { ...(runner ? { oci: runner } : {}), bubblewrap, host } };
}

let detection: Promise<SandboxDetection> | undefined;

/** What this machine offers, found on first use. */
export function detectSandbox(): Promise<SandboxDetection> {
  detection ??= detect();
  return detection;
}

/**
 * The runner for a run: the chosen sandbox (or the one preferred, when it is available), or the host
 * when the owner decided this run goes there. Without a backend and without that decision nothing runs.
 */
export async function chooseRunner(options: {
  hostApproved: boolean;
  prefer?: Isolation;
  /** The run's network policy: the OCI backend gives only `none`, so another one goes to bubblewrap. */
  network?: NetworkPolicy;
}): Promise<CommandRunner> {
  const found = await detectSandbox();
  if (options.hostApproved) return found.runners.host;
  if (options.prefer && options.prefer !== 'host') {
    const preferred = found.runners[options.prefer];
    if (!preferred) {
      throw new CoreError('PERMISSION_DENIED', {
        code: 'ERROR_SANDBOX_BACKEND_UNAVAILABLE',
        params: { backend: options.prefer },
      });
    }
    return preferred;
  }
  const chosen = found.chosen === null ? undefined : found.runners[found.chosen];
  const needsNetwork = options.network !== undefined && options.network !== 'none';
  if (chosen?.isolation === 'oci' && needsNetwork && found.runners.bubblewrap) return found.runners.bubblewrap;
  if (chosen) return chosen;
  throw new CoreError('PERMISSION_DENIED', { code: 'ERROR_SANDBOX_NO_BACKEND', params: {} });
}

/** The PATH commands in the sandbox search by default (the toolchains a run adds come first). */
export const SANDBOX_PATH = `${STARTUP_PATH}:${SYSTEM_PATH}`;
