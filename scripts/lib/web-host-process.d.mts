import type { ChildProcess } from 'node:child_process';

export interface WebHostProcess {
  url: string;
  /** From spawning the process to the printed URL. */
  startMs: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startWebHostProcess(options: {
  folder?: string;
  dataDir: string;
  args?: string[];
  timeoutMs?: number;
}): Promise<WebHostProcess>;
