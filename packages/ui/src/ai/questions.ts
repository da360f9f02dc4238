import { t } from '../i18n/i18n';
import { parseSourceTag } from '../preview/preview-messages';
import { useLayout } from '../workbench/layout-store';
import { type AiQuestion, useAi } from './ai-store';

/** The most of a terminal's or a task's output sent with "fix this error": its end, where errors land. */
export const MAX_OUTPUT_LINES = 80;
const MAX_SELECTION_CHARS = 100_000;

/** Shows the AI panel and asks there, so the answer streams where the user can read and apply it. */
export function askAi(question: AiQuestion): void {
  useLayout.getState().showView('ai');
  void useAi.getState().ask(question);
}

/** A range of lines as the user reads it: `12` or `12–20`. */
function lines(start: number, end: number): string {
  return start === end ? String(start) : `${start}–${end}`;
}

/** The last `MAX_OUTPUT_LINES` non-blank lines of some output, trailing spaces trimmed. */
export function outputTail(text: string): string {
  const kept = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0);
  return kept.slice(-MAX_OUTPUT_LINES).join('\n');
}

export interface EditorSelection {
  path: string;
  /** The selected text; empty for the whole file. */
  text: string;
  startLine: number;
  endLine: number;
}

/** "Explain this" from the editor: the selection, or the whole file when nothing is selected. */
export function explainCode(selection: EditorSelection): AiQuestion {
  const whole = selection.text.trim().length === 0;
  return {
    mode: 'explain',
    prompt: whole
      ? t('ai.ask.explainFile', { path: selection.path })
      : t('ai.ask.explainLines', { path: selection.path, lines: lines(selection.startLine, selection.endLine) }),
    path: selection.path,
    ...(whole ? {} : { selection: selection.text.slice(0, MAX_SELECTION_CHARS) }),
  };
}

export interface Diagnostic {
  line: number;
  column: number;
  message: string;
  source?: string;
}

/** "Fix this" from the editor: the selection (or the file) with the editor's errors in it as the error text. */
export function fixCode(selection: EditorSelection, diagnostics: readonly Diagnostic[]): AiQuestion {
  const errorText = diagnostics
    .map((d) => `${selection.path}:${d.line}:${d.column} ${d.source ? `${d.source}: ` : ''}${d.message}`)
    .join('\n');
  const where =
    selection.text.trim().length === 0
      ? selection.path
      : `${selection.path}:${lines(selection.startLine, selection.endLine)}`;
  return {
    mode: 'fix',
    prompt: errorText ? t('ai.ask.fixErrors', { count: diagnostics.length, where }) : t('ai.ask.fixCode', { where }),
    path: selection.path,
    ...(selection.text.trim() ? { selection: selection.text.slice(0, MAX_SELECTION_CHARS) } : {}),
    ...(errorText ? { errorText } : { message: t('ai.ask.fixCodeMessage') }),
  };
}

/** "Fix this error" from a Problems entry: its message and where it happened, opened as the file. */
export function fixProblem(problem: { message: string; location: string | null }): AiQuestion {
  const target = problem.location && !/^[a-z]+:/i.test(problem.location) ? parseSourceTag(problem.location) : null;
  return {
    mode: 'fix',
    prompt: t('ai.ask.fixProblem', { message: problem.message.split('\n')[0]?.slice(0, 200) }),
    errorText: problem.location ? `${problem.message}\n    at ${problem.location}` : problem.message,
    ...(target ? { path: target.path } : {}),
  };
}

/** "Fix this error" from a terminal: the selected text, or the end of what it shows. */
export function fixTerminalOutput(terminalName: string, text: string): AiQuestion {
  return {
    mode: 'fix',
    prompt: t('ai.ask.fixTerminal', { name: terminalName }),
    errorText: outputTail(text),
  };
}

/** "Fix this error" from a task that failed (a failing test run, a build): the end of its log. */
export function fixFailedTask(taskName: string, exitCode: number | null, log: string): AiQuestion {
  return {
    mode: 'fix',
    prompt: t('ai.ask.fixTask', { name: taskName, code: exitCode ?? '?' }),
    errorText: outputTail(log),
  };
}
