import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** A git the server runs to the end (init, a ref listing, an advertisement) is killed past this. */
const SHORT_RUN_MS = 120_000;

/**
 * The configuration every git the server runs is given on its command line, so nothing in a repository's
 * own config (nor a system or global one: there is none, see `gitEnvironment`) can loosen it: hooks off,
 * every object received checked (a corrupt pack is refused before any ref moves), no history rewritten
 * (force pushes refused; deletions are the ref policy's call, src/git/ref-policy.ts), files 0600.
 */
export const SERVER_GIT_CONFIG: readonly string[] = [
  'core.hooksPath=/dev/null',
  'core.sharedRepository=0600',
  'receive.fsckObjects=true',
  'transfer.fsckObjects=true',
  'fetch.fsckObjects=true',
  'receive.denyNonFastForwards=true',
  'receive.denyDeletes=false',
  'receive.advertisePushOptions=false',
  'uploadpack.allowAnySHA1InWant=false',
].flatMap((setting) => ['-c', setting]);

/**
 * Where git runs: a minimal environment (no secret of the server's, nothing of the operator's shell), no
 * system or global configuration, and HOME an empty folder private to the server, so git reads no
 * `~/.gitconfig` nor credential store. Kept under the git root (`.home`).
 */
export class GitRunner {
  private readonly home: string;
  private homeMade: Promise<unknown> | null = null;

  constructor(
    root: string,
    private readonly binary = 'git',
  ) {
    this.home = join(root, '.home');
  }

  /** Makes the empty HOME on first use (and again after a failure: the root may come later). */
  private async prepare(): Promise<void> {
    this.homeMade ??= mkdir(this.home, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      this.homeMade = null;
      throw error;
    });
    await this.homeMade;
  }

  environment(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.home,
      XDG_CONFIG_HOME: this.home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_NO_REPLACE_OBJECTS: '1',
      LANG: 'C',
      LC_ALL: 'C',
    };
  }

  /** Runs git with `args` (argv, no shell) to the end; its standard output as text. Throws when it fails. */
  async output(args: readonly string[]): Promise<string> {
    return (await this.bytes(args)).toString('utf8');
  }

  /** Runs git with `args` to the end; its standard output as bytes (a ref advertisement). */
  async bytes(args: readonly string[]): Promise<Buffer> {
    await this.prepare();
    const { stdout } = await run(this.binary, [...SERVER_GIT_CONFIG, ...args], {
      env: this.environment(),
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
      timeout: SHORT_RUN_MS,
      killSignal: 'SIGKILL',
      windowsHide: true,
    });
    return stdout;
  }

  /** Starts git with `args` (argv, no shell), its streams open for the caller. */
  async start(args: readonly string[]): Promise<ChildProcessWithoutNullStreams> {
    await this.prepare();
    return spawn(this.binary, [...SERVER_GIT_CONFIG, ...args], {
      env: this.environment(),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
  }
}
