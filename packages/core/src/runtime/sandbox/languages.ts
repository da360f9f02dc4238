/**
 * How a user's file of each language is run in the sandbox: the program that runs it, the argv, the
 * toolchain folder to bind read-only when it lives outside /usr, and what to install when it is missing.
 */
import { execFile } from 'node:child_process';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { CoreError } from '../../contracts/errors.js';
import { findNativeProgram, findProgram } from '../find-program.js';

export type LanguageId = 'node' | 'typescript' | 'python' | 'bash' | 'go' | 'rust' | 'php';

export interface LanguageSpec {
  label: string;
  /** The extension of a file of it, and of the file `--code` text is written to. */
  extension: string;
  program: string;
  argv(program: string, file: string): [string, ...string[]];
  /** Variables the toolchain needs besides the run's own (caches it would put in a home it cannot keep). */
  environment?: Record<string, string>;
  /** The lowest version of the program that runs the language, when it matters. */
  minimumVersion?: [number, number];
  install: string;
  /**
   * The real program and its toolchain folder, when the one on the PATH only points at it (rustup's
   * `rustc` is a proxy that reads the user's home, which the sandbox does not have).
   */
  realProgram?(calledAs: string): Promise<{ program: string; toolchain: string } | undefined>;
}

const run = promisify(execFile);

/**
 * A Rust toolchain's own `rustc`, from `rustc --print sysroot` (the same folder for Debian's and rustup's),
 * asked through the PATH's `rustc` as it is linked: rustup's is a link to rustup, which acts by its name.
 */
async function rustSysroot(calledAs: string): Promise<{ program: string; toolchain: string } | undefined> {
  const answer = await run(calledAs, ['--print', 'sysroot'], { env: {}, timeout: 30_000 }).catch(() => undefined);
  const sysroot = answer?.stdout.trim();
  if (!sysroot || !isAbsolute(sysroot) || sysroot === '/usr') return undefined;
  return { program: join(sysroot, 'bin', 'rustc'), toolchain: sysroot };
}

export const LANGUAGES: Record<LanguageId, LanguageSpec> = {
  node: {
    label: 'Node.js',
    extension: '.js',
    program: 'node',
    argv: (program, file) => [program, file],
    install: 'install Node.js (22.6 or later for TypeScript)',
  },
  typescript: {
    label: 'TypeScript',
    extension: '.ts',
    program: 'node',
    // Node strips the types itself: no compiler, no tsx, nothing written next to the file.
    argv: (program, file) => [program, '--experimental-strip-types', '--no-warnings', file],
    minimumVersion: [22, 6],
    install: 'install Node.js 22.6 or later (it runs TypeScript by stripping its types)',
  },
  python: {
    label: 'Python',
    extension: '.py',
    program: 'python3',
    argv: (program, file) => [program, file],
    environment: { PYTHONDONTWRITEBYTECODE: '1' },
    install: 'apt-get install python3',
  },
  bash: {
    label: 'Bash',
    extension: '.sh',
    program: 'bash',
    argv: (program, file) => [program, '--noprofile', '--norc', file],
    install: 'apt-get install bash',
  },
  go: {
    label: 'Go',
    extension: '.go',
    program: 'go',
    argv: (program, file) => [program, 'run', file],
    environment: { GOCACHE: '/tmp/go-cache', GOPATH: '/tmp/go', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
    install: 'apt-get install golang-go',
  },
  rust: {
    label: 'Rust',
    extension: '.rs',
    program: 'rustc',
    // Compiles into the sandbox's own /tmp, then runs what it built: two steps in one argv through a fixed
    // script whose only inputs are its positional arguments, so nothing of the user's is read as shell.
    argv: (program, file) => [
      '/bin/sh',
      '-c',
      'out=$(mktemp -d) && "$0" --edition 2021 -o "$out/main" "$1" && exec "$out/main"',
      program,
      file,
    ],
    install: 'apt-get install rustc (or rustup from rustup.rs)',
    realProgram: rustSysroot,
  },
  php: {
    label: 'PHP',
    extension: '.php',
    program: 'php',
    argv: (program, file) => [program, file],
    install: 'apt-get install php-cli',
  },
};

export const LANGUAGE_IDS = Object.keys(LANGUAGES) as LanguageId[];

export interface LanguageFound {
  id: LanguageId;
  label: string;
  /** The program's real path, when it is installed. */
  program?: string;
  /** The folder to bind read-only so the program runs (its install root when outside /usr). */
  toolchain?: string;
  version?: string;
  /** Why it cannot run here and what to install. */
  missing?: string;
}

async function versionOf(program: string): Promise<string | undefined> {
  // Every runtime here answers --version; the first dotted number of its answer is its version.
  const answer = await run(program, ['--version'], { env: {}, timeout: 10_000 }).catch(() => undefined);
  return answer && /(\d+\.\d+(?:\.\d+)?)/.exec(`${answer.stdout} ${answer.stderr}`)?.[1];
}

function atLeast(version: string | undefined, minimum: [number, number] | undefined): boolean {
  if (!minimum) return true;
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** The toolchain folder a program outside the system folders needs bound: `<root>/bin/<program>` gives `<root>`. */
export function toolchainOf(program: string): string | undefined {
  if (program.startsWith('/usr/') || program.startsWith('/bin/')) return undefined;
  const folder = dirname(program);
  return basename(folder) === 'bin' ? dirname(folder) : folder;
}

/** Each language and whether it can run here, found on `searchPath`. */
export async function detectLanguages(searchPath: string): Promise<LanguageFound[]> {
  const cached = detected.get(searchPath);
  if (cached) return cached;
  const detection = findLanguages(searchPath);
  detected.set(searchPath, detection);
  // A failed detection is not kept: the next asker tries again.
  detection.catch(() => detected.delete(searchPath));
  return detection;
}

/**
 * Each search path's languages, found once: finding them runs every runtime's `--version` (and
 * `rustc --print sysroot`), too much for each run of a file or a command. Status asks afresh.
 */
const detected = new Map<string, Promise<LanguageFound[]>>();

/** Forgets what was found, so the next detection sees a toolchain installed since (what `sandbox.status` does). */
export function forgetLanguages(): void {
  detected.clear();
}

async function findLanguages(searchPath: string): Promise<LanguageFound[]> {
  const programs = new Map<string, Promise<{ path?: string; version?: string }>>();
  const lookup = (name: string) => {
    let found = programs.get(name);
    if (!found) {
      found = findNativeProgram(name, searchPath).then(async (path) => ({
        path,
        version: path ? await versionOf(path) : undefined,
      }));
      programs.set(name, found);
    }
    return found;
  };
  return Promise.all(
    LANGUAGE_IDS.map(async (id): Promise<LanguageFound> => {
      const spec = LANGUAGES[id];
      const found = await lookup(spec.program);
      const calledAs = spec.realProgram && (await findProgram(spec.program, searchPath, { followLinks: false }));
      const real = calledAs ? await spec.realProgram?.(calledAs) : undefined;
      const path = real?.program ?? found.path;
      const version = real ? await versionOf(real.program) : found.version;
      if (!path) return { id, label: spec.label, missing: `${spec.program} not found: ${spec.install}` };
      if (!atLeast(version, spec.minimumVersion)) {
        return {
          id,
          label: spec.label,
          program: path,
          version,
          missing: `${spec.program} ${version}: ${spec.install}`,
        };
      }
      const toolchain = real?.toolchain ?? toolchainOf(path);
      return { id, label: spec.label, program: path, version, ...(toolchain ? { toolchain } : {}) };
    }),
  );
}

/** The language a file is in, by its extension. */
export function languageOfFile(file: string): LanguageId | undefined {
  const extension = extname(file);
  if (extension === '.mjs' || extension === '.cjs') return 'node';
  return LANGUAGE_IDS.find((id) => LANGUAGES[id].extension === extension);
}

/** The language `found` as a run's argv, environment additions and read-only toolchain, or why it cannot run. */
export function languageRun(found: LanguageFound, file: string) {
  if (!found.program || found.missing) {
    throw new CoreError('NOT_FOUND', {
      code: 'ERROR_SANDBOX_LANGUAGE_MISSING',
      params: { language: found.label, hint: found.missing ?? '' },
    });
  }
  const spec = LANGUAGES[found.id];
  return {
    argv: spec.argv(found.program, file),
    environment: {
      ...(spec.environment ?? {}),
      ...(found.toolchain ? { PATH: `${join(found.toolchain, 'bin')}:/usr/local/bin:/usr/bin:/bin` } : {}),
    },
    readOnlyPaths: found.toolchain ? [found.toolchain] : [],
  };
}
