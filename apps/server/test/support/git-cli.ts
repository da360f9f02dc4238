import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { GitHostingLimits } from '../../src/git/routes.js';
import type { TestDatabase } from './databases.js';
import { listeningWorld } from './test-app.js';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A git CLI as a person at a terminal runs it, in folders of its own, gone with `dispose`. */
export class GitCli {
  private constructor(readonly home: string) {}

  static async create(): Promise<GitCli> {
    return new GitCli(await mkdtemp(join(tmpdir(), 'webnova-git-cli-')));
  }

  /**
   * Runs git (argv, no shell) with no system or global configuration and no credential helper. The
   * secret travels as an `Authorization` header in git's environment configuration (GIT_CONFIG_COUNT):
   * never on a command line, never in a file.
   */
  run(
    args: readonly string[],
    options: { cwd?: string; authorization?: string; input?: Buffer } = {},
  ): Promise<GitResult> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: this.home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Test Person',
      GIT_AUTHOR_EMAIL: 'person@example.org',
      GIT_COMMITTER_NAME: 'Test Person',
      GIT_COMMITTER_EMAIL: 'person@example.org',
      LANG: 'C',
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'credential.helper',
      GIT_CONFIG_VALUE_0: '',
      GIT_CONFIG_KEY_1: 'init.defaultBranch',
      GIT_CONFIG_VALUE_1: 'main',
    };
    if (options.authorization) {
      env.GIT_CONFIG_COUNT = '3';
      env.GIT_CONFIG_KEY_2 = 'http.extraHeader';
      env.GIT_CONFIG_VALUE_2 = `Authorization: ${options.authorization}`;
    }
    return new Promise((resolve) => {
      const child = execFile(
        'git',
        args,
        { cwd: options.cwd ?? this.home, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      if (options.input) child.stdin?.end(options.input);
    });
  }

  /** Runs git and expects it to succeed; its standard output. */
  async ok(args: readonly string[], options: { cwd?: string; authorization?: string } = {}): Promise<string> {
    const result = await this.run(args, options);
    expect(result.code, `git ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  }

  /** A new folder for a clone. */
  async folder(name: string): Promise<string> {
    return mkdtemp(join(this.home, `${name}-`));
  }

  /** Writes `file` in `dir` and commits it; the new commit's id. */
  async commit(dir: string, file: string, content: string | Buffer, message = `write ${file}`): Promise<string> {
    await writeFile(join(dir, file), content);
    await this.ok(['add', file], { cwd: dir });
    await this.ok(['commit', '-q', '-m', message], { cwd: dir });
    return (await this.ok(['rev-parse', 'HEAD'], { cwd: dir })).trim();
  }

  dispose(): Promise<void> {
    return rm(this.home, { recursive: true, force: true });
  }
}

/** `Authorization: Basic` with an access token as the password, as git sends what a person typed. */
export function basic(token: string, user = 'someone'): string {
  return `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
}

/**
 * A listening server that hosts git in a folder of its own (`gitRoot`), its world of people, and a git
 * CLI; all gone after the file's tests.
 */
export function gitHostingSuite<D extends TestDatabase>(
  open: () => Promise<D>,
  limits: Partial<GitHostingLimits> = {},
) {
  const gitRoot = mkdtempSync(join(tmpdir(), 'webnova-git-root-'));
  const suite = listeningWorld(open, () => ({ git: { root: gitRoot, limits } }));
  const state = {} as { cli: GitCli };
  beforeAll(async () => {
    state.cli = await GitCli.create();
  });
  afterAll(async () => {
    await state.cli?.dispose();
    await rm(gitRoot, { recursive: true, force: true });
  });
  return {
    suite,
    gitRoot,
    get cli() {
      return state.cli;
    },
  };
}
