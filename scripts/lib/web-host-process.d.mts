import type { ChildProcess } from 'node:child_process';

export interface WebHostProcess {
  url: string;
  /** From spawning the process to the printed URL. */
  startMs: number;
  process: ChildProcess;
  /** What the host wrote to stderr so far (its JSON log lines). */
  stderr(): string;
  stop(): Promise<void>;
}

export function startWebHostProcess(options: {
  folder?: string;
  dataDir: string;
  args?: string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
}): Promise<WebHostProcess>;

/** The API socket's address and the subprotocols that carry the token of a printed URL. */
export function apiSocket(url: string): { address: string; protocols: string[] };
