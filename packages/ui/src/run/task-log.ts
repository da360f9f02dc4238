/**
 * A task's log as the UI shows it: whole lines without terminal escape codes, the newest last,
 * and the line still being written. Chunks arrive as the process wrote them, so an escape code or
 * a line may be cut anywhere; the unfinished line is kept raw until its line break arrives.
 */
export interface TaskLog {
  /** Number of the first kept line since the log began: a stable key for each line. */
  first: number;
  lines: string[];
  /** Characters in `lines`, for the size bound. */
  chars: number;
  /** The unfinished last line, raw (it may end in half an escape code). */
  partial: string;
}

/** Lines and characters kept per task; older lines are dropped. Core keeps its own bounded copy too. */
export const MAX_LOG_LINES = 5_000;
export const MAX_LOG_CHARS = 500_000;
/** A single line longer than this (a minified bundle, a progress bar) is cut. */
export const MAX_LINE_CHARS = 4_000;

export const emptyLog = (): TaskLog => ({ first: 0, lines: [], chars: 0, partial: '' });

// CSI (colours, cursor moves), OSC (titles, hyperlinks) and the remaining two-byte escapes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: escape codes are control characters.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the start of an escape code cut by a chunk boundary.
const CUT_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*)?$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: other control characters (bells, backspaces) show as nothing.
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** A line as a person reads it: no escape codes, and a carriage return overwrites what came before. */
export function plainLine(raw: string): string {
  const text = raw.replace(ESCAPES, '').replace(CUT_ESCAPE, '');
  const lastReturn = text.lastIndexOf('\r');
  const shown = (lastReturn >= 0 ? text.slice(lastReturn + 1) : text).replace(CONTROLS, '');
  return shown.length > MAX_LINE_CHARS ? `${shown.slice(0, MAX_LINE_CHARS)}…` : shown;
}

/** The log with `chunk` added: a new object, so stores see the change. */
export function appendToLog(log: TaskLog, chunk: string): TaskLog {
  const parts = (log.partial + chunk).replace(/\r\n/g, '\n').split('\n');
  let partial = parts.pop() ?? '';
  // A progress bar that never ends its line must not grow the partial line without bound.
  if (partial.length > MAX_LINE_CHARS * 4) partial = partial.slice(-MAX_LINE_CHARS * 4);
  if (parts.length === 0) return { ...log, partial };
  const added = parts.map(plainLine);
  const lines = log.lines.concat(added);
  let chars = added.reduce((sum, line) => sum + line.length, log.chars);
  let drop = Math.max(0, lines.length - MAX_LOG_LINES);
  for (let i = 0; i < drop; i++) chars -= lines[i]?.length ?? 0;
  while (chars > MAX_LOG_CHARS && drop < lines.length - 1) chars -= lines[drop++]?.length ?? 0;
  return { first: log.first + drop, lines: drop > 0 ? lines.slice(drop) : lines, chars, partial };
}

/** A log read whole from core (`tasks.output`). */
export const logFromText = (text: string): TaskLog => appendToLog(emptyLog(), text);

/** Every line to show, the unfinished one included when it has something readable. */
export function visibleLines(log: TaskLog): string[] {
  const partial = plainLine(log.partial);
  return partial.length > 0 ? [...log.lines, partial] : log.lines;
}

export const logText = (log: TaskLog): string => visibleLines(log).join('\n');
