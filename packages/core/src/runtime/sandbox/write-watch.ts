/**
 * The total a run may write, watched from outside: no kernel mechanism here bounds the bytes a process
 * tree writes into a folder it shares with the host (quotas need a file system of the sandbox's own), so
 * the runner sums what the kernel accounts to the run's processes and stops the run past its limit.
 *
 * `/proc/<pid>/io` `write_bytes` counts the bytes a process caused to be written to storage, charged
 * when it dirties the page (not at writeback), and it includes its dead threads and every child it
 * reaped: so the sum over the run's live processes covers everything the run wrote, each byte once.
 * What slips through is what is written between two looks (a quarter of a second) and a process that
 * exited but is not reaped yet; a tmpfs (the sandbox's /tmp and home) is not storage and is sized instead.
 */
import { readFile } from 'node:fs/promises';

export const WRITE_WATCH_INTERVAL_MS = 250;

/** The bytes `pid` (with its dead threads and reaped children) wrote to storage, or 0 once it is gone. */
async function writtenBy(pid: number): Promise<number> {
  const io = await readFile(`/proc/${pid}/io`, 'utf8').catch(() => '');
  return Number(/^write_bytes:\s*(\d+)/m.exec(io)?.[1] ?? 0);
}

/** The bytes the run's processes wrote so far: the sum over those alive now. */
export async function writtenByRun(members: () => Promise<number[]>): Promise<number> {
  const counts = await Promise.all((await members()).map(writtenBy));
  return counts.reduce((sum, count) => sum + count, 0);
}

export interface WriteWatch {
  /** Whether the run went past its limit (and `onExceeded` was called). */
  readonly exceeded: boolean;
  stop(): void;
}

/** Looks every quarter of a second; past `limit` bytes, calls `onExceeded` once and stops looking. */
export function watchWrittenBytes(members: () => Promise<number[]>, limit: number, onExceeded: () => void): WriteWatch {
  let exceeded = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = async () => {
    if (stopped) return;
    if ((await writtenByRun(members)) > limit && !stopped) {
      exceeded = true;
      stopped = true;
      onExceeded();
      return;
    }
    if (!stopped) timer = setTimeout(look, WRITE_WATCH_INTERVAL_MS);
  };
  timer = setTimeout(look, WRITE_WATCH_INTERVAL_MS);
  return {
    get exceeded() {
      return exceeded;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
