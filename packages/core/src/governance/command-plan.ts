import type { SystemMessage } from '../contracts/messages/system-message.js';
import { parseCommandLine, type ShellConstruct, type ShellConstructKind } from './command-line.js';
import { quoteArgv } from './risk-commands.js';

/**
 * How a proposed command would run. `argv`: one program and its arguments, started directly with no
 * shell, so nothing in it is expanded, redirected or chained. `shell`: the line needs `/bin/sh -c`
 * (it assigns, redirects, pipes, chains, substitutes, globs…), which only a person may let happen.
 */
export type CommandPlan =
  | { runner: 'argv'; argv: string[]; line: string }
  | { runner: 'shell'; line: string; constructs: ShellConstruct[] };

const strings = (value: unknown): string[] | null =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string') ? value : null;

/**
 * The command a payload carries and how it would run: `argv` (an array of strings, run as given) or
 * `command` (a line: run as an argv when it is a plain program with arguments, else it needs a shell).
 * Risk, the Inbox and the executor all read a command through this one function, so they never disagree.
 */
export function planCommand(payload: Record<string, unknown>): CommandPlan | null {
  if (typeof payload.command === 'string') {
    const line = payload.command;
    const parsed = parseCommandLine(line);
    const [pipeline, ...more] = parsed.pipelines;
    const [command, ...piped] = pipeline?.commands ?? [];
    if (!parsed.constructs.length && !more.length && !piped.length && command?.argv.length) {
      return { runner: 'argv', argv: command.argv, line };
    }
    return parsed.constructs.length ? { runner: 'shell', line, constructs: parsed.constructs } : null;
  }
  const argv = strings(payload.argv);
  return argv ? { runner: 'argv', argv, line: quoteArgv(argv) } : null;
}

const CONSTRUCT_CODE: Record<ShellConstructKind, string> = {
  assignment: 'CONSTRUCT_ASSIGNMENT',
  redirection: 'CONSTRUCT_REDIRECTION',
  'here-doc': 'CONSTRUCT_HERE_DOC',
  pipe: 'CONSTRUCT_PIPE',
  list: 'CONSTRUCT_LIST',
  background: 'CONSTRUCT_BACKGROUND',
  subshell: 'CONSTRUCT_SUBSHELL',
  substitution: 'CONSTRUCT_SUBSTITUTION',
  expansion: 'CONSTRUCT_EXPANSION',
  glob: 'CONSTRUCT_GLOB',
  brace: 'CONSTRUCT_BRACE',
  tilde: 'CONSTRUCT_TILDE',
  comment: 'CONSTRUCT_COMMENT',
  keyword: 'CONSTRUCT_KEYWORD',
  incomplete: 'CONSTRUCT_INCOMPLETE',
};

/** What a line needs a shell for, as messages: each kind once, with the first text that showed it. */
export function constructMessages(constructs: readonly ShellConstruct[]): SystemMessage[] {
  const firstOfKind = new Map<ShellConstructKind, string>();
  for (const { kind, text } of constructs) if (!firstOfKind.has(kind)) firstOfKind.set(kind, text);
  return [...firstOfKind].map(([kind, text]) => ({ code: CONSTRUCT_CODE[kind], params: { text } }));
}

/** How a planned command would run, as a message for the Inbox and the CLI. */
export function runnerNote(plan: CommandPlan): { shell: boolean; note: SystemMessage } {
  return plan.runner === 'argv'
    ? { shell: false, note: { code: 'RUNS_AS_ARGV' } }
    : { shell: true, note: { code: 'RUNS_IN_SHELL', params: { constructs: constructMessages(plan.constructs) } } };
}
