import type { RiskReason } from '../contracts/constitution.js';
import { type CommandLineFacts, type RunCommand, SHELLS } from './command-line-facts.js';
import { dependencyReasons, splitPackageSpec } from './risk-dependencies.js';
import { type PathAccess, type PathContext, pathReasons } from './risk-paths.js';
import { riskReason } from './risk-reasons.js';

export interface CommandAssessment {
  reasons: RiskReason[];
  /** Every path the command line names, for the constitution's path rules. */
  paths: string[];
  /** Packages it installs or runs from the registry, for the constitution's dependency rules. */
  dependencies: string[];
}

const INTERPRETERS = new Set([...SHELLS, 'python', 'python3', 'node', 'perl', 'ruby', 'php', 'eval', 'source', '.']);
const FETCHERS = new Set(['curl', 'wget']);
const NETWORK = new Set([...FETCHERS, 'nc', 'ncat', 'netcat', 'socat', 'ssh', 'scp', 'sftp', 'ftp', 'telnet', 'rsync']);
const PRIVILEGE = new Set(['sudo', 'su', 'doas', 'pkexec', 'runas']);
const DISK = new Set(['dd', 'fdisk', 'sfdisk', 'parted', 'wipefs', 'shred', 'diskutil', 'format', 'mkswap']);
const SYSTEM = new Set([
  'shutdown',
  'reboot',
  'halt',
  'poweroff',
  'systemctl',
  'service',
  'launchctl',
  'crontab',
  'kill',
  'pkill',
  'killall',
  'iptables',
  'ufw',
  'mount',
  'umount',
  'modprobe',
  'insmod',
  'useradd',
  'userdel',
  'usermod',
  'passwd',
  'visudo',
]);
const READ_ONLY = new Set([
  'ls',
  'pwd',
  'echo',
  'printf',
  'cat',
  'head',
  'tail',
  'less',
  'grep',
  'rg',
  'wc',
  'sort',
  'uniq',
  'diff',
  'which',
  'date',
  'true',
  'false',
  'test',
  '[',
  'stat',
  'file',
  'tree',
  'du',
  'df',
  'cd',
]);
const GIT_READ_ONLY = new Set(['status', 'diff', 'log', 'show', 'rev-parse', 'ls-files', 'blame', 'describe']);
const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const INSTALL_VERBS = new Set(['install', 'i', 'add', 'ci', 'isntall', 'update', 'upgrade']);
const RUNNERS = new Set(['npx', 'bunx', 'pnpx']);

const isOption = (arg: string) => arg.startsWith('-') && arg !== '-';

/** Arguments after the options (everything after `--` counts). */
function operands(argv: readonly string[]): string[] {
  const out: string[] = [];
  let optionsDone = false;
  for (const arg of argv.slice(1)) {
    if (!optionsDone && arg === '--') optionsDone = true;
    else if (optionsDone || !isOption(arg)) out.push(arg);
  }
  return out;
}

function hasFlag(argv: readonly string[], short: string, ...long: string[]): boolean {
  return argv
    .slice(1)
    .some(
      (arg) =>
        long.some((flag) => arg === flag || arg.startsWith(`${flag}=`)) ||
        (short !== '' && /^-[A-Za-z0-9]+$/.test(arg) && arg.includes(short)),
    );
}

function looksLikePath(arg: string): boolean {
  if (arg.includes('://') || arg.startsWith('<(') || arg.startsWith('>(')) return false;
  return /[/~]|^\.|^\$|\.[A-Za-z0-9]{1,8}$|^id_[a-z0-9]+/.test(arg);
}

class LineAssessment {
  readonly reasons: RiskReason[] = [];
  readonly paths: string[] = [];
  readonly dependencies: string[] = [];
  secretRead: string | undefined;
  network = false;

  constructor(readonly context: PathContext) {}

  path(path: string, access: PathAccess): RiskReason[] {
    this.paths.push(path);
    const found = pathReasons(path, access, this.context);
    if (access === 'read' && found.some((reason) => reason.code === 'SECRET_FILE')) this.secretRead ??= path;
    this.reasons.push(...found);
    return found;
  }

  dependency(spec: string): void {
    const { name, version } = splitPackageSpec(spec);
    this.dependencies.push(name);
    this.reasons.push(...dependencyReasons(name, version));
  }
}

function assessCommand(command: RunCommand, line: LineAssessment, facts: CommandLineFacts): void {
  const { argv, program } = command;
  const args = operands(argv);
  const add = (...reasons: RiskReason[]) => line.reasons.push(...reasons);
  const handled = new Set<string>();
  const touch = (paths: readonly string[], access: PathAccess) => {
    for (const path of paths) {
      handled.add(path);
      line.path(path, access);
    }
  };

  for (const redirect of command.redirects) {
    if (redirect.op.endsWith('&') || redirect.op.startsWith('<<')) continue;
    touch([redirect.target], redirect.op.includes('<') && !redirect.op.includes('>') ? 'read' : 'write');
  }
  const file = line.context.targets?.programs.get(argv[0] as string);
  if (file !== undefined && !file.startsWith('/')) add(riskReason('PROJECT_PROGRAM', { program, path: file }));
  const assigned = program === 'env' ? argv.slice(1).filter((arg) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) : [];
  if (assigned.length) {
    add(riskReason('ENVIRONMENT_SET', { names: assigned.map((arg) => arg.slice(0, arg.indexOf('='))).join(', ') }));
  }

  if (PRIVILEGE.has(program)) add(riskReason('PRIVILEGE_ESCALATION', { program }));
  else if (program === 'rm' || program === 'rmdir' || program === 'unlink') {
    if (hasFlag(argv, '', '--no-preserve-root')) add(riskReason('DELETE_OUTSIDE_PROJECT', { path: '/' }));
    const recursive = hasFlag(argv, 'r', '--recursive') || hasFlag(argv, 'R');
    for (const target of args) {
      handled.add(target);
      const found = line.path(target, 'delete');
      if (!found.length) add(riskReason(recursive ? 'RECURSIVE_DELETE' : 'DELETE', { path: target }));
    }
    // `… | xargs rm -rf`: what it deletes comes from its input, unseen here.
    if (!args.length) add(riskReason(recursive ? 'RECURSIVE_DELETE' : 'DELETE', { path: '…' }));
  } else if (NETWORK.has(program)) {
    line.network = true;
    add(riskReason('NETWORK', { program }));
    const shell = command.pipedTo.find((next) => INTERPRETERS.has(next));
    if (FETCHERS.has(program) && shell) add(riskReason('REMOTE_SCRIPT', { program, shell }));
    const uploads =
      program === 'curl'
        ? hasFlag(argv, 'd', '--data', '--data-binary', '--data-raw', '--data-urlencode', '--form', '--upload-file') ||
          hasFlag(argv, 'F') ||
          hasFlag(argv, 'T')
        : program === 'wget'
          ? hasFlag(argv, '', '--post-data', '--post-file', '--body-file', '--body-data')
          : true;
    if (uploads) add(riskReason('UPLOAD', { program }));
    for (const arg of argv.slice(1)) {
      // `-d @.env`, `--data-binary @~/.ssh/id_rsa`, `-F key=@id_rsa;type=text/plain`: the file is read and sent.
      const sent = /^(?:[^=@<]*=)?[@<]([^;]+)/.exec(arg)?.[1];
      if (sent && sent !== '-') touch([sent], 'read');
    }
  } else if (DISK.has(program) || program.startsWith('mkfs')) add(riskReason('DISK', { program }));
  else if (SYSTEM.has(program)) add(riskReason('SYSTEM_CONTROL', { program }));
  else if (program === 'chmod' || program === 'chown' || program === 'chgrp') {
    const [mode = '', ...targets] = args;
    const worldWritable =
      program === 'chmod' &&
      ((/^[0-7]{3,4}$/.test(mode) && (Number(mode.at(-1)) & 2) === 2) ||
        /(^|,)[ugo]*[ao][ugo]*[+=][rwxXst]*w/.test(mode));
    add(worldWritable ? riskReason('WORLD_WRITABLE', { mode }) : riskReason('PERMISSIONS', { program }));
    touch(targets, 'write');
  } else if (program === 'git') assessGit(argv, add);
  else if (PACKAGE_MANAGERS.has(program)) assessPackageManager(program, args, line, add);
  else if (RUNNERS.has(program)) {
    const [tool] = args;
    if (tool) {
      add(riskReason('DOWNLOADED_TOOL', { name: tool }));
      line.dependency(tool);
    }
  } else if (program === 'pip' || program === 'pip3' || program === 'gem' || program === 'cargo') {
    add(riskReason(args[0] === 'install' ? 'PACKAGE_INSTALL' : 'UNKNOWN_PROGRAM', { program }));
  } else if (program === 'printenv' || program === 'set' || (program === 'env' && command.origin === 'direct')) {
    if (program !== 'env' || argv.slice(1).every((arg) => isOption(arg) || arg.includes('='))) {
      add(riskReason('ENVIRONMENT_DUMP', { program }));
    }
  } else if (INTERPRETERS.has(program)) {
    const from = command.pipedFrom.at(-1);
    if (from && !FETCHERS.has(from)) add(riskReason('PIPE_TO_SHELL', { from, shell: program }));
    if (
      facts.commands.some((other) => other.origin === 'shell-string') ||
      command.pipedFrom.length ||
      program === 'eval'
    ) {
      add(riskReason('SHELL_STRING', { program }));
    } else add(riskReason('UNKNOWN_PROGRAM', { program }));
  } else if (['cp', 'mv', 'ln', 'install', 'rsync'].includes(program) && args.length > 1) {
    touch(args.slice(0, -1), 'read');
    touch(args.slice(-1), 'write');
  } else if (['tee', 'touch', 'mkdir', 'truncate'].includes(program)) {
    touch(args, 'write');
  } else if (program === 'sed' && hasFlag(argv, 'i', '--in-place')) {
    touch(args.slice(1), 'write');
  } else if (
    program === 'find' &&
    argv.some((arg) => ['-delete', '-exec', '-execdir', '-ok', '-fprint'].includes(arg))
  ) {
    add(riskReason('UNKNOWN_PROGRAM', { program: 'find -exec/-delete' }));
  } else if (READ_ONLY.has(program)) add(riskReason('READ_ONLY_COMMAND', { program }));
  else add(riskReason('UNKNOWN_PROGRAM', { program }));

  touch(
    args.filter((arg) => !handled.has(arg) && looksLikePath(arg)),
    'read',
  );
}

/** Options that make Git open a repository or work tree other than the one it finds from the folder. */
const OTHER_REPOSITORY = /^(-C|--git-dir|--work-tree|--namespace)(=|$)/;

function assessGit(argv: readonly string[], add: (...reasons: RiskReason[]) => void): void {
  let i = 1;
  while (i < argv.length && isOption(argv[i] as string)) {
    const option = argv[i] as string;
    if (option === '-c' || option.startsWith('--config-env') || option.startsWith('--exec-path')) {
      add(riskReason('GIT_RUNS_PROGRAMS', { option: option === '-c' ? `-c ${argv[i + 1] ?? ''}` : option }));
    }
    if (OTHER_REPOSITORY.test(option)) add(riskReason('OTHER_REPOSITORY', { option }));
    i += option === '-c' || option === '-C' || option === '--git-dir' || option === '--work-tree' ? 2 : 1;
  }
  const sub = argv[i] ?? '';
  const rest = argv.slice(i);
  const dangerousOption = rest.find((arg) => /^--(upload-pack|receive-pack|exec|ext-diff|output)\b/.test(arg));
  if (dangerousOption) add(riskReason('GIT_RUNS_PROGRAMS', { option: dangerousOption }));
  const flag = (short: string, ...long: string[]) => hasFlag(['git', ...rest.slice(1)], short, ...long);
  if (sub === 'push') {
    const refspecs = operands(['push', ...rest.slice(1)]);
    const force =
      flag('f', '--force', '--force-with-lease', '--mirror', '--delete', '--prune') ||
      refspecs.some((ref) => ref.startsWith('+') || ref.startsWith(':'));
    add(force ? riskReason('FORCE_PUSH') : riskReason('PUSH'));
  } else if (
    (sub === 'reset' && flag('', '--hard', '--merge', '--keep')) ||
    (sub === 'clean' && flag('f', '--force')) ||
    ((sub === 'checkout' || sub === 'restore') && rest.some((arg) => arg === '.' || arg === '--')) ||
    (sub === 'branch' && flag('D')) ||
    (sub === 'stash' && ['drop', 'clear'].includes(rest[1] ?? '')) ||
    ['filter-branch', 'filter-repo', 'update-ref', 'reflog', 'gc', 'prune'].includes(sub)
  ) {
    add(riskReason('GIT_DESTRUCTIVE', { command: rest.join(' ') }));
  } else if (sub === 'config') add(riskReason('GIT_RUNS_PROGRAMS', { option: 'git config' }));
  else if (['clone', 'fetch', 'pull', 'submodule'].includes(sub)) add(riskReason('NETWORK', { program: `git ${sub}` }));
  else if (GIT_READ_ONLY.has(sub)) {
    if (!dangerousOption) add(riskReason('READ_ONLY_COMMAND', { program: `git ${sub}` }));
  } else add(riskReason('UNKNOWN_PROGRAM', { program: `git ${sub}`.trim() }));
}

function assessPackageManager(
  program: string,
  args: readonly string[],
  line: LineAssessment,
  add: (...reasons: RiskReason[]) => void,
): void {
  const [verb = '', ...specs] = args;
  if (verb === 'publish' || verb === 'unpublish' || (verb === 'npm' && specs[0] === 'publish')) {
    add(riskReason('PUBLISH', { program }));
  } else if (INSTALL_VERBS.has(verb)) {
    add(riskReason('PACKAGE_INSTALL', { program }));
    for (const spec of specs) line.dependency(spec);
  } else if (verb === 'exec' || verb === 'dlx' || verb === 'x') {
    const [tool] = specs;
    if (tool) {
      add(riskReason('DOWNLOADED_TOOL', { name: tool }));
      line.dependency(tool);
    }
  } else add(riskReason('UNKNOWN_PROGRAM', { program: `${program} ${verb}`.trim() }));
}

/** The risk reasons of a command line, the paths it names and the packages it brings in. */
export function assessCommandLine(facts: CommandLineFacts, context: PathContext): CommandAssessment {
  const line = new LineAssessment(context);
  if (!facts.complete) line.reasons.push(riskReason('UNPARSEABLE', { problem: facts.problems.join(' ') }));
  if (facts.tooDeep) line.reasons.push(riskReason('NESTED_TOO_DEEP'));
  if (facts.substitution) line.reasons.push(riskReason('SUBSTITUTION'));
  if (facts.background) line.reasons.push(riskReason('BACKGROUND'));
  if (!facts.commands.length) line.reasons.push(riskReason('EMPTY_COMMAND'));
  if (facts.assignments.length) {
    const names = facts.assignments.map((assignment) => assignment.slice(0, assignment.indexOf('=')));
    line.reasons.push(riskReason('ENVIRONMENT_SET', { names: [...new Set(names)].join(', ') }));
  }
  for (const command of facts.commands) assessCommand(command, line, facts);

  // `sh -c "$(curl …)"`, `bash <(wget …)`: a fetched script run by an interpreter without a pipe.
  const fetchedInside = facts.commands.find((c) => c.origin === 'substitution' && FETCHERS.has(c.program));
  const interpreter = facts.commands.find((c) => INTERPRETERS.has(c.program));
  if (fetchedInside && interpreter) {
    line.reasons.push(riskReason('REMOTE_SCRIPT', { program: fetchedInside.program, shell: interpreter.program }));
  }
  if (line.secretRead !== undefined && line.network) {
    line.reasons.push(riskReason('EXFILTRATION', { path: line.secretRead }));
  }
  return { reasons: line.reasons, paths: [...new Set(line.paths)], dependencies: [...new Set(line.dependencies)] };
}

/** Quotes argv for the shell, so an argv payload goes through the same analysis as a command line. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}
