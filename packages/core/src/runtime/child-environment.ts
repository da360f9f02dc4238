/**
 * The environments WebNova hands to the processes it starts. Two kinds: the user's own processes
 * (terminals, Run-view tasks) get the user's environment minus what is WebNova's own; commands a
 * decision runs get a small, explicit environment that no proposal can add to.
 */

/** The PATH this process started with: what decided commands search, whatever a proposal or a later change says. */
export const STARTUP_PATH = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';

// Set by the process that started WebNova (npm scripts, Electron), not by the user: a shell that
// inherits them behaves differently from the user's own terminal (npm would reuse the parent's config).
const LAUNCHER_VARIABLES = [/^npm_/i, /^INIT_CWD$/, /^ELECTRON_RUN_AS_NODE$/, /^ELECTRON_NO_ATTACH_CONSOLE$/];

// WebNova's own secrets and settings (the AI key, the server's key, its folders): a project's code has no
// business reading them, and a task's dependency could send them anywhere.
const WEBNOVA_VARIABLES = [/^ANTHROPIC_/i, /^CLAUDE_/i, /^WEBNOVA_/i];

/** Variables a command run by a decision gets from this process; everything else is left behind. */
const KEPT_FOR_DECISIONS = ['HOME', 'LANG', 'TERM'] as const;

/** Whether a child of WebNova may inherit the variable `name`. */
export function isWebNovaOwnVariable(name: string): boolean {
  return [...LAUNCHER_VARIABLES, ...WEBNOVA_VARIABLES].some((pattern) => pattern.test(name));
}

/** The user's environment for their own processes: everything but the launcher's and WebNova's own variables. */
export function userEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !isWebNovaOwnVariable(key)) out[key] = value;
  }
  return out;
}

/**
 * The whole environment of a command a decision runs: the PATH WebNova started with, HOME, LANG and
 * TERM, and nothing else (no secrets, no `LD_PRELOAD`, no `GIT_*`, no `NODE_OPTIONS`).
 */
export function decisionEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = { PATH: STARTUP_PATH };
  for (const key of KEPT_FOR_DECISIONS) {
    const value = env[key];
    if (value !== undefined) out[key] = value;
  }
  out.LANG ??= 'C.UTF-8';
  out.TERM ??= 'dumb';
  return out;
}
