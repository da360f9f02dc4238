// A small POSIX-shell word splitter, enough to see what a command line would run: words with quotes and
// escapes removed, the operators between commands, redirections, and every `$(…)`, backtick and `<(…)`
// found (their text kept, for whoever looks inside). It runs nothing and expands nothing: `$HOME`, `~` and
// globs stay as written.

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `2>`, `&>`, `2>&`, `<<`… */
  op: string;
  target: string;
}

export interface ShellCommand {
  /** The program and its arguments, quotes removed. Empty for a command made only of assignments. */
  argv: string[];
  /** `NAME=value` words before the program. */
  assignments: string[];
  redirects: ShellRedirect[];
}

/** Commands joined by `|` (or `|&`): each one's output is the next one's input. */
export interface ShellPipeline {
  commands: ShellCommand[];
}

/**
 * What a line needs a shell for. Anything here means the line is more than one program and its
 * arguments: it cannot run as an argv, and someone must decide that a shell may run it.
 */
export type ShellConstructKind =
  | 'assignment'
  | 'redirection'
  | 'here-doc'
  | 'pipe'
  | 'list'
  | 'background'
  | 'subshell'
  | 'substitution'
  | 'expansion'
  | 'glob'
  | 'brace'
  | 'tilde'
  | 'comment'
  | 'keyword'
  | 'incomplete';

/** One use of a shell construct, with the text that shows it (`>`, `$HOME`, `*.js`). */
export interface ShellConstruct {
  kind: ShellConstructKind;
  text: string;
}

export interface ParsedCommandLine {
  /** The pipelines in order, whatever joined them (`&&`, `||`, `;`, `&`, a newline). */
  pipelines: ShellPipeline[];
  /** The inner text of each `$(…)`, backtick pair, `<(…)` and `>(…)`: commands that run to produce a word. */
  substitutions: string[];
  /** `( … )` grouping was used. */
  subshell: boolean;
  /** A command was sent to the background with `&`. */
  background: boolean;
  /** False when a quote or a substitution was never closed, or the line ends in a lone backslash. */
  complete: boolean;
  problems: string[];
  /** Every construct that needs a shell, in the order found; empty for a plain program and its arguments. */
  constructs: ShellConstruct[];
}

/** `quotedAt`: where in the word the first quote or escape began (a quoted `A=1` is not an assignment). */
type Token = { type: 'word'; value: string; quotedAt: number } | { type: 'op'; value: string };

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '(', ')'];
const REDIRECTS = ['<<<', '&>>', '<<-', '>>', '<<', '>|', '&>', '>&', '<&', '<>', '>', '<'];

/** A `$` that the shell would expand, with the text it expands (`$HOME`, `${PATH}`, `$1`, `$'…'`). */
const EXPANSION = /^\$(\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-]|'|")/;

class Scanner {
  readonly tokens: Token[] = [];
  readonly substitutions: string[] = [];
  readonly problems: string[] = [];
  readonly constructs: ShellConstruct[] = [];
  #word: string | null = null;
  #quotedAt = Number.POSITIVE_INFINITY;
  #i = 0;

  constructor(private readonly text: string) {}

  scan(): void {
    const text = this.text;
    while (this.#i < text.length) {
      const c = text[this.#i] as string;
      if (c === ' ' || c === '\t' || c === '\r') {
        this.#endWord();
        this.#i++;
      } else if (c === '\n') {
        this.#endWord();
        this.tokens.push({ type: 'op', value: '\n' });
        this.#i++;
      } else if (c === '#' && this.#word === null) {
        this.#note('comment', '#');
        while (this.#i < text.length && text[this.#i] !== '\n') this.#i++;
      } else if (c === '\\') {
        this.#backslash();
      } else if (c === "'") {
        this.#singleQuoted();
      } else if (c === '"') {
        this.#doubleQuoted();
      } else if (c === '`') {
        this.#append(this.#backticks());
      } else if (c === '$' && text[this.#i + 1] === '(') {
        this.#append(this.#dollarParen());
      } else if ((c === '<' || c === '>') && text[this.#i + 1] === '(' && this.#word === null) {
        this.#i++;
        this.#append(c + this.#dollarParen(false));
      } else if (!this.#operator()) {
        // `${X}` is one expansion: its braces are not a brace expansion.
        const taken = c === '$' ? this.#noteExpansion() : this.#noteUnquoted(c);
        this.#append(text.slice(this.#i, this.#i + taken));
        this.#i += taken;
      }
    }
    this.#endWord();
  }

  #note(kind: ShellConstructKind, text: string): void {
    this.constructs.push({ kind, text: text.length > 40 ? `${text.slice(0, 39)}…` : text });
  }

  /** Notes a character the shell would give a meaning to when written outside quotes; it spans 1. */
  #noteUnquoted(c: string): number {
    if (c === '*' || c === '?' || c === '[') this.#note('glob', c);
    else if (c === '{' || c === '}') this.#note('brace', c);
    else if (c === '~' && this.#word === null) this.#note('tilde', '~');
    return 1;
  }

  /** Notes a `$` expansion; how many characters it spans (1 when a quote follows: the quote is read as one). */
  #noteExpansion(): number {
    const found = EXPANSION.exec(this.text.slice(this.#i, this.#i + 200));
    if (!found) return 1;
    this.#note('expansion', found[0]);
    return found[0].endsWith("'") || found[0].endsWith('"') ? 1 : found[0].length;
  }

  #append(text: string, quoted = false): void {
    if (quoted && this.#quotedAt === Number.POSITIVE_INFINITY) this.#quotedAt = (this.#word ?? '').length;
    this.#word = (this.#word ?? '') + text;
  }

  #endWord(): void {
    if (this.#word !== null) this.tokens.push({ type: 'word', value: this.#word, quotedAt: this.#quotedAt });
    this.#word = null;
    this.#quotedAt = Number.POSITIVE_INFINITY;
  }

  #backslash(): void {
    const next = this.text[this.#i + 1];
    if (next === undefined) {
      this.problems.push('The line ends in a lone backslash.');
      this.#i++;
    } else if (next === '\n') {
      this.#i += 2;
    } else {
      this.#append(next, true);
      this.#i += 2;
    }
  }

  #singleQuoted(): void {
    const end = this.text.indexOf("'", this.#i + 1);
    if (end === -1) {
      this.problems.push('A single quote is never closed.');
      this.#append(this.text.slice(this.#i + 1), true);
      this.#i = this.text.length;
      return;
    }
    this.#append(this.text.slice(this.#i + 1, end), true);
    this.#i = end + 1;
  }

  #doubleQuoted(): void {
    const text = this.text;
    let value = '';
    this.#i++;
    while (this.#i < text.length) {
      const c = text[this.#i] as string;
      if (c === '"') {
        this.#i++;
        this.#append(value, true);
        return;
      }
      if (c === '\\' && this.#i + 1 < text.length) {
        const next = text[this.#i + 1] as string;
        if (next === '\n') value += '';
        else value += '$`"\\'.includes(next) ? next : `\\${next}`;
        this.#i += 2;
      } else if (c === '`') {
        value += this.#backticks();
      } else if (c === '$' && text[this.#i + 1] === '(') {
        value += this.#dollarParen();
      } else {
        if (c === '$' && text[this.#i + 1] !== "'" && text[this.#i + 1] !== '"') this.#noteExpansion();
        value += c;
        this.#i++;
      }
    }
    this.problems.push('A double quote is never closed.');
    this.#append(value, true);
  }

  /** From a backtick to the matching one; the inner text (escapes removed) is a substitution. */
  #backticks(): string {
    const text = this.text;
    let inner = '';
    let i = this.#i + 1;
    while (i < text.length && text[i] !== '`') {
      if (text[i] === '\\' && i + 1 < text.length) {
        inner += text[i + 1];
        i += 2;
      } else {
        inner += text[i];
        i++;
      }
    }
    if (i >= text.length) this.problems.push('A backtick substitution is never closed.');
    this.#i = Math.min(i + 1, text.length);
    this.substitutions.push(inner);
    this.#note('substitution', `\`${inner}\``);
    return `\`${inner}\``;
  }

  /**
   * From `$(` (or the `(` of `<(`, with `dollar` false) to its matching `)`, skipping parentheses inside
   * quotes. Returns the raw text.
   */
  #dollarParen(dollar = true): string {
    const text = this.text;
    const start = this.#i;
    let i = start + (dollar ? 2 : 1);
    let depth = 1;
    while (i < text.length && depth > 0) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === "'") {
        const end = text.indexOf("'", i + 1);
        i = end === -1 ? text.length : end + 1;
      } else if (c === '"') {
        i++;
        while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
        i++;
      } else {
        if (c === '(') depth++;
        else if (c === ')') depth--;
        i++;
      }
    }
    const innerStart = start + (dollar ? 2 : 1);
    const written = (dollar ? '' : (text[start - 1] ?? '')) + text.slice(start, depth > 0 ? text.length : i);
    this.#note('substitution', written);
    if (depth > 0) {
      this.problems.push('A $( substitution is never closed.');
      this.substitutions.push(text.slice(innerStart));
      this.#i = text.length;
      return text.slice(start);
    }
    this.substitutions.push(text.slice(innerStart, i - 1));
    this.#i = i;
    return text.slice(start, i);
  }

  #operator(): boolean {
    const rest = this.text.slice(this.#i, this.#i + 3);
    const redirect = REDIRECTS.find((op) => rest.startsWith(op));
    if (redirect) {
      // `2>` and `2>&`: a file-descriptor number written right before the arrow belongs to it.
      const fd = this.#word !== null && /^\d+$/.test(this.#word) ? this.#word : '';
      if (fd) this.#word = null;
      this.#endWord();
      this.tokens.push({ type: 'op', value: fd + redirect });
      this.#i += redirect.length;
      return true;
    }
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (!op) return false;
    this.#endWord();
    this.tokens.push({ type: 'op', value: op });
    this.#i += op.length;
    return true;
  }
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Words that mean something to the shell where a program name would stand. */
const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'for',
  'in',
  'case',
  'esac',
  'function',
  'select',
  'time',
  'coproc',
  '!',
  '{',
  '}',
  '[[',
  ']]',
]);

/** The construct an operator token stands for. */
function operatorConstruct(op: string): ShellConstructKind {
  if (op === '|' || op === '|&') return 'pipe';
  if (op === '(' || op === ')') return 'subshell';
  if (op === '&') return 'background';
  if (op === '<<' || op === '<<-' || op === '<<<') return 'here-doc';
  if (OPERATORS.includes(op) || op === '\n') return 'list';
  return 'redirection';
}

/** Splits a command line into pipelines of simple commands. Never throws; `complete` says whether it was whole. */
export function parseCommandLine(text: string): ParsedCommandLine {
  const scanner = new Scanner(text);
  scanner.scan();
  const pipelines: ShellPipeline[] = [];
  let subshell = false;
  let background = false;
  let pipeline: ShellCommand[] = [];
  let command: ShellCommand = { argv: [], assignments: [], redirects: [] };

  const endCommand = () => {
    if (command.argv.length || command.assignments.length || command.redirects.length) pipeline.push(command);
    command = { argv: [], assignments: [], redirects: [] };
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length) pipelines.push({ commands: pipeline });
    pipeline = [];
  };

  const constructs = scanner.constructs;
  const tokens = scanner.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.type === 'word') {
      const assignment = ASSIGNMENT.test(token.value) && token.value.indexOf('=') < token.quotedAt;
      if (command.argv.length === 0 && assignment) {
        command.assignments.push(token.value);
        constructs.push({ kind: 'assignment', text: `${token.value.slice(0, token.value.indexOf('='))}=…` });
      } else {
        if (command.argv.length === 0 && token.quotedAt === Number.POSITIVE_INFINITY && KEYWORDS.has(token.value)) {
          constructs.push({ kind: 'keyword', text: token.value });
        }
        command.argv.push(token.value);
      }
      continue;
    }
    const op = token.value;
    constructs.push({ kind: operatorConstruct(op), text: op === '\n' ? '\\n' : op });
    if (op === '|' || op === '|&') {
      endCommand();
    } else if (op === '(' || op === ')') {
      subshell = true;
      endCommand();
    } else if (OPERATORS.includes(op) || op === '\n') {
      if (op === '&') background = true;
      endPipeline();
    } else {
      const next = tokens[i + 1];
      if (next?.type === 'word') {
        command.redirects.push({ op, target: next.value });
        i++;
      } else {
        scanner.problems.push(`The redirection ${op} has no target.`);
      }
    }
  }
  endPipeline();
  if (scanner.problems.length) constructs.push({ kind: 'incomplete', text: scanner.problems[0] as string });
  return {
    pipelines,
    substitutions: scanner.substitutions,
    subshell,
    background,
    complete: scanner.problems.length === 0,
    problems: scanner.problems,
    constructs,
  };
}
