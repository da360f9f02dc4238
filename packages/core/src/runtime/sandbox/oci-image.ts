/**
 * The OCI backend's image: a Debian bookworm root file system (minbase, python3, ca-certificates; bash
 * and coreutils come with minbase) made locally with debootstrap from the machine's own apt mirror, no
 * image registry needed, and imported through the engine's API as `webnova-sandbox:<version>`. The
 * rootfs tarball is kept in the data folder (`sandbox/images/`, files 0600, folders 0700), so a second
 * engine, or the same one after `podman system reset`, imports it again without a new debootstrap.
 * Building is explicit (`ensureSandboxImage`, `webnova sandbox image build`), never hidden in a run.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { CoreError } from '../../contracts/errors.js';
import { defaultDataDir } from '../../settings/data-dir.js';
import { findProgram } from '../find-program.js';
import { LANGUAGES, type LanguageFound } from './languages.js';
import { SYSTEM_PATH } from './sandbox-paths.js';

export const SANDBOX_IMAGE_REPO = 'webnova-sandbox';
/** Raised when what the image holds changes, so an old image is never taken for the new one. */
export const SANDBOX_IMAGE_VERSION = '1';
export const SANDBOX_IMAGE = `${SANDBOX_IMAGE_REPO}:${SANDBOX_IMAGE_VERSION}`;
const SUITE = 'bookworm';
const PACKAGES = 'python3,ca-certificates';

/** How someone whose engine reaches a registry gets the image instead of building it. */
export const SANDBOX_IMAGE_HINT =
  `webnova sandbox image build (needs root and debootstrap), or with a registry: ` +
  `podman run --name webnova-sandbox-base docker.io/library/debian:${SUITE} sh -c ` +
  `'apt-get update && apt-get install -y --no-install-recommends python3 ca-certificates' && ` +
  `podman commit webnova-sandbox-base ${SANDBOX_IMAGE} && podman rm webnova-sandbox-base`;

/** A client of the Docker-compatible API on `socketPath`; dockerode is loaded only when OCI is used. */
export async function ociClient(socketPath: string): Promise<Docker> {
  const { default: DockerClient } = await import('dockerode');
  return new DockerClient({ socketPath });
}

export async function sandboxImageExists(docker: Docker): Promise<boolean> {
  try {
    await docker.getImage(SANDBOX_IMAGE).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

function buildFailure(step: string, reason: string): CoreError {
  return new CoreError('IO_ERROR', { code: 'ERROR_SANDBOX_IMAGE_BUILD', params: { step, reason } });
}

/**
 * The Debian mirror this machine's apt uses: a deb822 `URIs:` line ending in `/debian`
 * (/etc/apt/sources.list.d/*.sources), else a `deb` line of /etc/apt/sources.list.
 */
export async function debianMirror(): Promise<string> {
  const folder = '/etc/apt/sources.list.d';
  const files = (await readdir(folder).catch(() => [])).filter((name) => name.endsWith('.sources'));
  for (const name of files) {
    const text = await readFile(join(folder, name), 'utf8').catch(() => '');
    for (const match of text.matchAll(/^URIs:\s*(.+)$/gm)) {
      const uri = (match[1] ?? '').split(/\s+/).find((one) => /\/debian\/?$/.test(one));
      if (uri) return uri;
    }
  }
  const list = await readFile('/etc/apt/sources.list', 'utf8').catch(() => '');
  const line = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian\/?)\s/m.exec(list);
  if (line?.[1]) return line[1];
  throw buildFailure('mirror', 'no Debian mirror in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list');
}

/** Runs a program (argv, no shell) to its end; its last lines of output say why when it fails. */
function runToEnd(argv: [string, ...string[]], step: string, log?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: SYSTEM_PATH, LANG: 'C.UTF-8' },
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-2000);
      for (const line of text.split('\n').filter(Boolean)) log?.(line);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => reject(buildFailure(step, error.message)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          buildFailure(
            step,
            `${argv[0]} exited with ${code ?? signal}: ${tail.trim().split('\n').slice(-3).join(' / ')}`,
          ),
        );
    });
  });
}

async function requireProgram(name: string, install: string): Promise<string> {
  const found = await findProgram(name, SYSTEM_PATH);
  if (!found) throw buildFailure(name, `${name} not found: ${install}`);
  return found;
}

/** The tarball of the image's root file system in the data folder, made with debootstrap when absent. */
async function rootfsTarball(dataDir: string, log?: (line: string) => void): Promise<string> {
  const folder = join(dataDir, 'sandbox', 'images');
  const tarball = join(folder, `${SANDBOX_IMAGE_REPO}-${SANDBOX_IMAGE_VERSION}.tar`);
  if (await stat(tarball).catch(() => undefined)) return tarball;
  if (process.getuid?.() !== 0) throw buildFailure('debootstrap', 'debootstrap needs root (run it as root once)');
  const debootstrap = await requireProgram('debootstrap', 'apt-get install debootstrap');
  const tar = await requireProgram('tar', 'apt-get install tar');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  const work = await mkdtemp(join(folder, 'build-'));
  try {
    const rootfs = join(work, 'rootfs');
    const mirror = await debianMirror();
    log?.(`debootstrap ${SUITE} from ${mirror}`);
    await runToEnd(
      [debootstrap, '--variant=minbase', `--include=${PACKAGES}`, SUITE, rootfs, mirror],
      'debootstrap',
      log,
    );
    // Numeric owners: the image's files belong to its own users, not to whatever names this host has.
    const partial = join(work, 'rootfs.tar');
    await runToEnd([tar, '--numeric-owner', '-C', rootfs, '-cf', partial, '.'], 'tar', log);
    await chmod(partial, 0o600);
    await rename(partial, tarball);
    return tarball;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export interface SandboxImageOptions {
  docker: Docker;
  dataDir?: string;
  log?: (line: string) => void;
}

/** The image on the engine: there already, or imported from the cached (or newly built) rootfs tarball. */
export async function ensureSandboxImage(options: SandboxImageOptions): Promise<{ image: string; built: boolean }> {
  const { docker, log } = options;
  if (await sandboxImageExists(docker)) return { image: SANDBOX_IMAGE, built: false };
  const tarball = await rootfsTarball(options.dataDir ?? defaultDataDir(), log);
  log?.(`importing ${tarball} as ${SANDBOX_IMAGE}`);
  // The tag within `repo` (the API allows it): podman's import ignores a separate `tag` and says `latest`.
  const progress = await docker.importImage(createReadStream(tarball), { repo: SANDBOX_IMAGE });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(progress, (error: Error | null) => (error ? reject(error) : resolve()));
  }).catch((error: Error) => {
    throw buildFailure('import', error.message);
  });
  if (!(await sandboxImageExists(docker)))
    throw buildFailure('import', `${SANDBOX_IMAGE} is not there after the import`);
  return { image: SANDBOX_IMAGE, built: true };
}

/** The language programs the image itself has (at the same paths as on a Debian bookworm host). */
const IMAGE_PROGRAMS: readonly string[] = ['python3', 'bash'];

/**
 * Whether a language found on the host runs in the image: its toolchain is bound from the host (Node,
 * from its install folder), or its program is one the image has. Go and PHP are not in the image, and
 * Rust's compiler, bound from the host, links through the system's `cc`, which the image lacks.
 */
export function runsInImage(language: LanguageFound): boolean {
  if (language.id === 'rust') return false;
  return Boolean(language.toolchain) || IMAGE_PROGRAMS.includes(LANGUAGES[language.id].program);
}
