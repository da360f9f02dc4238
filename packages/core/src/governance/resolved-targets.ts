import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { DecisionTarget } from '../contracts/governance.js';
import { STARTUP_PATH } from '../runtime/child-environment.js';
import { findRunnableProgram } from '../runtime/find-program.js';
import { realpathOfPossiblyMissing } from '../workspace/paths.js';

/**
 * Where the paths and programs of a proposal really lead, read off the disk: the real path of the
 * deepest existing ancestor, then the rest, every link followed (a dangling final link included). A
 * path inside the project comes back project-relative with `/`; one outside, absolute. Written forms the
 * disk cannot answer for (`~`, `$HOME/x`) are left to the classifier, which counts them as outside.
 */
export interface ResolvedTargets {
  /** Written path → where it leads. */
  paths: ReadonlyMap<string, string>;
  /** Program as written → the file that would run (absolute). */
  programs: ReadonlyMap<string, string>;
}

export const NO_TARGETS: ResolvedTargets = { paths: new Map(), programs: new Map() };

const unresolvable = (written: string) => written === '' || /^(~|\$)/.test(written) || written.includes('\0');

async function projectReal(project: string): Promise<string> {
  return realpath(project).catch(() => resolve(project));
}

function shown(rootReal: string, real: string): string {
  if (real === rootReal) return '.';
  return real.startsWith(rootReal + sep) ? relative(rootReal, real).split(sep).join('/') : real;
}

/** Where `written` leads, seen from `base` (an absolute folder); undefined when the disk cannot say. */
async function leadsTo(rootReal: string, base: string, written: string): Promise<string | undefined> {
  if (unresolvable(written)) return undefined;
  try {
    return shown(rootReal, await realpathOfPossiblyMissing(resolve(base, written)));
  } catch {
    return undefined;
  }
}

/** The file `word` would run: a path (relative to `cwd`) as it resolves, else the program found on the startup PATH (a native one before a shim). */
async function programFile(word: string, cwd: string): Promise<string | undefined> {
  if (unresolvable(word)) return undefined;
  if (word.includes('/')) return realpathOfPossiblyMissing(resolve(cwd, word)).catch(() => undefined);
  return findRunnableProgram(word, STARTUP_PATH);
}

export interface TargetQuery {
  project: string;
  /** Paths as written: relative ones are taken from `cwd` (from the project root when absent). */
  paths: readonly string[];
  programs?: readonly string[];
  /** The command's folder, relative to the project. */
  cwd?: string;
}

export async function resolveTargets(query: TargetQuery): Promise<ResolvedTargets> {
  const rootReal = await projectReal(query.project);
  const cwdWritten = query.cwd ?? '.';
  const cwd = await realpathOfPossiblyMissing(resolve(rootReal, cwdWritten)).catch(() => resolve(rootReal, cwdWritten));
  const paths = new Map<string, string>();
  for (const written of new Set(query.paths)) {
    const base = written === query.cwd ? rootReal : cwd;
    const target = await leadsTo(rootReal, base, written);
    if (target !== undefined) paths.set(written, target);
  }
  const programs = new Map<string, string>();
  for (const word of new Set(query.programs ?? [])) {
    const file = await programFile(word, cwd);
    if (file !== undefined) programs.set(word, shown(rootReal, file));
  }
  return { paths, programs };
}

/** The targets as a decision keeps them, so the executor can tell whether they moved since. */
export function targetList(targets: ResolvedTargets): DecisionTarget[] {
  return [
    ...[...targets.paths].map(([path, resolved]) => ({ kind: 'path' as const, path, resolved })),
    ...[...targets.programs].map(([path, resolved]) => ({ kind: 'program' as const, path, resolved })),
  ];
}

/** The first recorded target that leads somewhere else now, or null when every one still leads where it did. */
export async function movedTarget(
  project: string,
  recorded: readonly DecisionTarget[],
  cwd: string | undefined,
): Promise<{ target: DecisionTarget; now: string } | null> {
  const now = await resolveTargets({
    project,
    cwd,
    paths: recorded.filter((t) => t.kind === 'path').map((t) => t.path),
    programs: recorded.filter((t) => t.kind === 'program').map((t) => t.path),
  });
  for (const target of recorded) {
    const current = (target.kind === 'path' ? now.paths : now.programs).get(target.path) ?? '(nothing)';
    if (current !== target.resolved) return { target, now: current };
  }
  return null;
}
