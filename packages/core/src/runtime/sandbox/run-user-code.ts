/**
 * A user's program run on its own: a file (its folder is the project: writable, `.git` read-only) or a
 * text written to a fresh folder, in its language's runtime, under the given limits. What "Run File in
 * Sandbox" and `webnova sandbox run` do.
 */
import { chown, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { CoreError } from '../../contracts/errors.js';
import { type CommandResult, type CommandRunner, DEFAULT_POLICY, type RunLimits } from './command-runner.js';
import { LANGUAGES, type LanguageFound, languageRun } from './languages.js';
import { runsInImage } from './oci-image.js';

const NOBODY = 65534;

export interface UserCodeRun {
  runner: CommandRunner;
  language: LanguageFound;
  limits: RunLimits;
  stdin?: string;
  stdout?: Writable;
  stderr?: Writable;
  signal?: AbortSignal;
}

/** Runs `file` in its folder. */
export async function runUserFile(run: UserCodeRun, file: string): Promise<CommandResult> {
  const real = await realpath(file).catch(() => {
    throw new CoreError('NOT_FOUND', { code: 'ERROR_SANDBOX_PATH_MISSING', params: { path: file } });
  });
  const { argv, environment, readOnlyPaths } = languageRun(run.language, basename(real));
  if (run.runner.isolation === 'oci' && !runsInImage(run.language)) {
    throw new CoreError('NOT_FOUND', {
      code: 'ERROR_SANDBOX_LANGUAGE_NOT_IN_IMAGE',
      params: { language: run.language.label },
    });
  }
  return run.runner.run({
    argv,
    cwd: dirname(real),
    // Nothing of WebNova's environment: a PATH of the system's folders (and the toolchain's), a locale.
    environment: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', TERM: 'dumb', ...environment },
    policy: { ...DEFAULT_POLICY, readOnlyPaths },
    limits: run.limits,
    ...(run.stdin === undefined ? {} : { stdin: run.stdin }),
    ...(run.stdout ? { stdout: run.stdout } : {}),
    ...(run.stderr ? { stderr: run.stderr } : {}),
    ...(run.signal ? { signal: run.signal } : {}),
  });
}

/** Runs `code` written to a file of its language in a folder made for the run, removed after. */
export async function runUserCode(run: UserCodeRun, code: string): Promise<CommandResult> {
  const folder = await mkdtemp(join(tmpdir(), 'webnova-run-'));
  try {
    const file = join(folder, `main${LANGUAGES[run.language.id].extension}`);
    await writeFile(file, code);
    // The OCI sandbox runs as the folder's owner, and as nobody when that is root: a folder made for
    // this run alone is then given to nobody, so the run can use it as a project (bubblewrap's nobody is
    // root on the host and needs no such thing).
    if (run.runner.isolation === 'oci' && process.getuid?.() === 0) {
      await chown(folder, NOBODY, NOBODY);
      await chown(file, NOBODY, NOBODY);
    }
    return await runUserFile(run, file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
