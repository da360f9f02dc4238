import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHostProcess } from '../../../../scripts/lib/web-host-process.mjs';

export interface RunningHost {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `webnova serve-web` on a free loopback port with its own data folder. */
export async function startHost(folder?: string, dataDir?: string): Promise<RunningHost> {
  const data = dataDir ?? (await mkdtemp(join(tmpdir(), 'webnova-e2e-data-')));
  const host = await startWebHostProcess({ folder, dataDir: data, args: ['--port', '0'] });
  return {
    url: host.url,
    dataDir: data,
    process: host.process,
    async stop() {
      await host.stop();
      if (!dataDir) await rm(data, { recursive: true, force: true });
    },
  };
}
