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

/** Each construct in words, for the reason that names what a line needs a shell for. */
const CONSTRUCT_WORDS: Record<ShellConstructKind, { en: string; ar: string }> = {
  assignment: { en: 'a variable assignment', ar: 'تعيين متغير' },
  redirection: { en: 'a redirection', ar: 'إعادة توجيه' },
  'here-doc': { en: 'a here-document', ar: 'مستند مضمَّن' },
  pipe: { en: 'a pipe', ar: 'أنبوب' },
  list: { en: 'several commands in a row', ar: 'عدة أوامر متتالية' },
  background: { en: 'a background job', ar: 'مهمة في الخلفية' },
  subshell: { en: 'a subshell', ar: 'صدفة فرعية' },
  substitution: { en: 'a command substitution', ar: 'استبدال أمر' },
  expansion: { en: 'a variable expansion', ar: 'توسيع متغير' },
  glob: { en: 'a file-name pattern', ar: 'نمط أسماء ملفات' },
  brace: { en: 'a brace expansion', ar: 'توسيع أقواس' },
  tilde: { en: 'a home-folder expansion', ar: 'توسيع مجلد المنزل' },
  comment: { en: 'a comment', ar: 'تعليق' },
  keyword: { en: 'a shell keyword', ar: 'كلمة محجوزة في الصدفة' },
  incomplete: { en: 'unfinished quoting', ar: 'اقتباس غير مكتمل' },
};

/** "a pipe (|), a redirection (>)": each kind once, with the first text that showed it. */
export function describeConstructs(constructs: readonly ShellConstruct[], locale: 'en' | 'ar'): string {
  const firstOfKind = new Map<ShellConstructKind, string>();
  for (const { kind, text } of constructs) if (!firstOfKind.has(kind)) firstOfKind.set(kind, text);
  const isolate = (text: string) => (locale === 'ar' ? `\u2068${text}\u2069` : text);
  return [...firstOfKind]
    .map(([kind, text]) => `${CONSTRUCT_WORDS[kind][locale]} (${isolate(kind === 'incomplete' ? '…' : text)})`)
    .join(locale === 'ar' ? '، ' : ', ');
}

const ONLY_FOUR = {
  en: 'an environment of PATH, HOME, LANG and TERM only',
  ar: 'في بيئة لا تحوي إلا PATH و HOME و LANG و TERM',
};

/** How a planned command would run, in words, for the Inbox and the CLI. */
export function runnerNote(plan: CommandPlan): { shell: boolean; note: { en: string; ar: string } } {
  if (plan.runner === 'argv') {
    return {
      shell: false,
      note: {
        en: `Runs as a program with its arguments: no shell, ${ONLY_FOUR.en}.`,
        ar: `يعمل برنامجًا مع وسائطه: دون صدفة أوامر، ${ONLY_FOUR.ar}.`,
      },
    };
  }
  return {
    shell: true,
    note: {
      en: `Needs a shell for ${describeConstructs(plan.constructs, 'en')}: approving runs it through /bin/sh on this computer, ${ONLY_FOUR.en}.`,
      ar: `يحتاج إلى صدفة أوامر من أجل ${describeConstructs(plan.constructs, 'ar')}: الموافقة تشغّله عبر \u2068/bin/sh\u2069 على هذا الحاسوب، ${ONLY_FOUR.ar}.`,
    },
  };
}
