import { execFile } from 'node:child_process';

/**
 * Git settings that name a program to run. A repository's own `.git/config` (or a file it includes) can
 * set them, and then a read such as `git status` or `git diff` runs that program. Commands a decision
 * runs get Git's "command" scope (`GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n`, which outranks every config file)
 * set to a harmless stand-in for each: the ones below always, and every program-valued key the
 * repository itself sets. System and global config are not read at all.
 */

// A plain unified diff for an external-diff slot: Git calls it with (path, old file, old hex, old mode,
// new file, new hex, new mode) through the shell; `#` drops the arguments Git appends. `diff` exits 1
// when the files differ, which Git would take as a crash.
const PLAIN_DIFF = 'diff -u --label "a/$1" --label "b/$1" -- "$2" "$5"; [ $? -le 1 ] #';

/** Always set, whatever the repository says. */
const ALWAYS: Record<string, string> = {
  'core.fsmonitor': 'false',
  'core.hooksPath': '/dev/null',
  'core.pager': 'cat',
  'core.editor': 'false',
  'sequence.editor': 'false',
  'core.askPass': 'false',
  'core.sshCommand': 'ssh',
  'diff.external': PLAIN_DIFF,
  'credential.helper': '',
  'gpg.program': 'false',
  'commit.gpgSign': 'false',
  'tag.gpgSign': 'false',
  // A folder that merely looks like a bare repository (HEAD, config, objects/) is not opened as one.
  'safe.bareRepository': 'explicit',
  'protocol.ext.allow': 'never',
};

/** Keys a repository may set that run a program, and the stand-in each gets (lower case, as `git config -l` names them). */
const PROGRAM_KEYS: ReadonlyArray<[RegExp, string]> = [
  [/^alias\..+$/, ''], // an empty alias is refused by Git
  [/^pager\..+$/, 'false'],
  [/^diff\..+\.command$/, PLAIN_DIFF],
  [/^diff\..+\.textconv$/, 'cat'],
  [/^filter\..+\.(clean|smudge)$/, 'cat'],
  [/^filter\..+\.process$/, ''],
  [/^merge\..+\.driver$/, 'false'],
  [/^credential\..+\.helper$/, ''],
  [/^gpg\..+\.program$/, 'false'],
  [/^remote\..+\.uploadpack$/, 'git-upload-pack'],
  [/^remote\..+\.receivepack$/, 'git-receive-pack'],
  [/^submodule\..+\.update$/, 'checkout'],
  [/^(tar\..+\.command|trailer\..+\.(command|cmd)|(difftool|mergetool|guitool|browser|man)\..+\.cmd)$/, 'false'],
  [/^(sendemail\..*(cmd|smtpserver)|imap\.tunnel|core\.gitproxy|core\.alternaterefscommand|web\.browser)$/, 'false'],
  [/^interactive\.difffilter$/, 'cat'],
];

/** What every decided command's Git reads before any repository: no system file, no user file. */
const NO_OUTSIDE_CONFIG = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };

/** The stand-in for a program-valued key, or undefined for a key that runs nothing. */
export function programKeyStandIn(key: string): string | undefined {
  const lower = key.toLowerCase();
  return PROGRAM_KEYS.find(([pattern]) => pattern.test(lower))?.[1];
}

/** The keys the repository seen from `cwd` sets (includes followed); none when there is no repository or no git. */
function repositoryKeys(cwd: string, env: Record<string, string>): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['config', '--list', '--includes', '--name-only'],
      { cwd, env, timeout: 10_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout) => resolve(error ? [] : stdout.split('\n').filter(Boolean)),
    );
  });
}

/** `GIT_CONFIG_*` variables that disarm every program-valued setting Git would read in `cwd`. */
export async function gitGuardEnvironment(cwd: string, base: Record<string, string>): Promise<Record<string, string>> {
  const settings = new Map(Object.entries(ALWAYS));
  const scanEnv = { ...base, ...NO_OUTSIDE_CONFIG, ...commandScope(settings) };
  for (const key of await repositoryKeys(cwd, scanEnv)) {
    const standIn = programKeyStandIn(key);
    if (standIn !== undefined) settings.set(key, standIn);
  }
  return { ...NO_OUTSIDE_CONFIG, ...commandScope(settings) };
}

function commandScope(settings: ReadonlyMap<string, string>): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(settings.size) };
  [...settings].forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}
