import type { CommandFacts } from '../contracts/constitution.js';
import { parseCommandLine, type ShellRedirect } from './command-line.js';

/** How a command came to run: written out, produced by a substitution, a shell's `-c` text, or a wrapper's argument. */
export type CommandOrigin = 'direct' | 'substitution' | 'shell-string' | 'wrapper';

/** One simple command that a command line would run, wherever in it the command hides. */
export interface RunCommand extends CommandFacts {
  /** The program's base name (`/usr/bin/rm` → `rm`). */
  program: string;
  redirects: ShellRedirect[];
  /** Programs whose output flows into this one, earlier in its pipeline. */
  pipedFrom: string[];
  origin: CommandOrigin;
}

export interface CommandLineFacts {
  commands: RunCommand[];
  complete: boolean;
  problems: string[];
  /** `$(…)`, backticks or process substitution were used. */
  substitution: boolean;
  subshell: boolean;
  background: boolean;
  /** Shell text nested deeper than is looked into. */
  tooDeep: boolean;
  /** Variables set for a command (`A=1 cmd`), at any depth: in the line, in a `-c` text, in `env -S`. */
  assignments: string[];
}

/** Deeper nesting than this (`bash -c "sh -c '…'"`) is not looked into, and is itself a reason for concern. */
const MAX_DEPTH = 4;

/** Reserved words that may stand where a program would: the command is what follows them. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time']);

export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'csh', 'tcsh', 'busybox']);

export function programName(word: string): string {
  const base = word.replace(/\\/g, '/').split('/').pop() ?? word;
  return base.replace(/\.exe$/i, '');
}

/** Wrappers that run their arguments as a command, and their options that take a value. */
const WRAPPERS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-U', '-T', '-r', '-t']),
  doas: new Set(['-u', '-C']),
  env: new Set(['-u', '-C', '-S']),
  nohup: new Set(),
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n']),
  exec: new Set(['-a']),
  command: new Set(),
  builtin: new Set(),
  time: new Set(['-f', '-o']),
  timeout: new Set(['-s', '-k']),
  xargs: new Set(['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a']),
  stdbuf: new Set(['-i', '-o', '-e']),
  watch: new Set(['-n', '-d']),
  strace: new Set(['-o', '-e', '-p']),
};

/** The command a wrapper runs, or null. */
function wrapped(argv: readonly string[]): string[] | null {
  const program = programName(argv[0] ?? '');
  const valued = WRAPPERS[program];
  if (!valued) return null;
  let i = 1;
  while (i < argv.length) {
    const arg = argv[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.startsWith('-') && arg.length > 1) i += valued.has(arg) ? 2 : 1;
    else if (program === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) i++;
    else break;
  }
  // `timeout 10s cmd`: the duration comes first.
  if (program === 'timeout' && i < argv.length) i++;
  const rest = argv.slice(i);
  return rest.length ? rest : null;
}

/** The shell text a command runs: `bash -c TEXT`, `sh -lc TEXT`, `su -c TEXT`, `eval A B…`. */
function shellString(argv: readonly string[]): string | null {
  const program = programName(argv[0] ?? '');
  if (program === 'eval') return argv.slice(1).join(' ') || null;
  // `env -S 'A=1 cmd args'` splits its text into a command of its own.
  if (program === 'env') {
    const at = argv.findIndex((arg, i) => i > 0 && /^(-[A-Za-z]*S|--split-string)$/.test(arg));
    if (at !== -1) return argv[at + 1] ?? null;
    const joined = argv.find((arg) => arg.startsWith('--split-string='));
    return joined ? joined.slice('--split-string='.length) : null;
  }
  if (!SHELLS.has(program) && program !== 'su') return null;
  const at = argv.findIndex((arg, i) => i > 0 && /^-[A-Za-z]*c[A-Za-z]*$/.test(arg));
  return at === -1 ? null : (argv[at + 1] ?? null);
}

/** Every simple command a command line would run: written, substituted, passed to a shell or to a wrapper. */
export function commandLineFacts(text: string): CommandLineFacts {
  const facts: CommandLineFacts = {
    commands: [],
    complete: true,
    problems: [],
    substitution: false,
    subshell: false,
    background: false,
    tooDeep: false,
    assignments: [],
  };
  collect(text, 'direct', 0, facts);
  return facts;
}

function collect(text: string, origin: CommandOrigin, depth: number, facts: CommandLineFacts): void {
  if (depth > MAX_DEPTH) {
    facts.tooDeep = true;
    return;
  }
  const parsed = parseCommandLine(text);
  facts.complete &&= parsed.complete;
  facts.problems.push(...parsed.problems);
  facts.subshell ||= parsed.subshell;
  facts.background ||= parsed.background;
  if (parsed.substitutions.length) facts.substitution = true;
  for (const inner of parsed.substitutions) collect(inner, 'substitution', depth + 1, facts);
  for (const pipeline of parsed.pipelines) {
    for (const command of pipeline.commands) facts.assignments.push(...command.assignments);
    const argvs = pipeline.commands.map((command) => {
      let start = 0;
      while (start < command.argv.length - 1 && RESERVED.has(command.argv[start] as string)) start++;
      return RESERVED.has(command.argv[start] ?? '') ? [] : command.argv.slice(start);
    });
    const programs = argvs.map(programsOf);
    pipeline.commands.forEach((command, index) => {
      const argv = argvs[index] as string[];
      if (argv.length === 0) return;
      const pipedTo = programs.slice(index + 1).flat();
      const pipedFrom = programs.slice(0, index).flat();
      addCommand(argv, { redirects: command.redirects, pipedTo, pipedFrom, origin }, depth, facts);
    });
  }
}

/** The program and, through wrappers, the programs it runs: `sudo -u x bash` is `sudo` and `bash`. */
function programsOf(argv: readonly string[]): string[] {
  const programs: string[] = [];
  for (let current: readonly string[] | null = argv, hops = 0; current?.length && hops <= MAX_DEPTH; hops++) {
    programs.push(programName(current[0] as string));
    current = wrapped(current);
  }
  return programs;
}

function addCommand(
  argv: string[],
  context: Pick<RunCommand, 'redirects' | 'pipedTo' | 'pipedFrom' | 'origin'>,
  depth: number,
  facts: CommandLineFacts,
): void {
  facts.commands.push({ argv, program: programName(argv[0] as string), ...context });
  const script = shellString(argv);
  if (script !== null) collect(script, 'shell-string', depth + 1, facts);
  const inner = wrapped(argv);
  if (inner) {
    if (depth + 1 > MAX_DEPTH) facts.tooDeep = true;
    else addCommand(inner, { ...context, origin: 'wrapper' }, depth + 1, facts);
  }
}
