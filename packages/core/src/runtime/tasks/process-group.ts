import { type ChildProcess, spawn } from 'node:child_process';

export interface GroupSpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The name the program sees as its own (`argv[0]`), when it is started by its full path. */
  argv0?: string;
}

/**
 * Starts a program as the leader of its own process group (`detached`), so that stopping it can
 * reach everything it started: `npm run dev` → `sh -c vite` → `node vite.js` → workers.
 */
export function spawnGroup(program: string, args: readonly string[], options: GroupSpawnOptions): ChildProcess {
  return spawn(program, args, {
    cwd: options.cwd,
    env: options.env,
    ...(options.argv0 !== undefined ? { argv0: options.argv0 } : {}),
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    // A negative pid addresses the whole group; on Windows there are no groups, only the process.
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Whether any process of the group is still there. */
export function groupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends the whole group: SIGTERM first so servers can close their sockets, SIGKILL to whatever is
 * left after `graceMs`. Resolves once no process of the group remains (or after the SIGKILL).
 */
export async function killGroup(pid: number, graceMs = 2_000): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(40);
    if (!groupAlive(pid)) return;
  }
  signalGroup(pid, 'SIGKILL');
  const hardDeadline = Date.now() + 1_000;
  while (groupAlive(pid) && Date.now() < hardDeadline) await sleep(20);
}
