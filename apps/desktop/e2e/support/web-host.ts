import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '..', '..', 'bin', 'webnova.mjs');

export interface RunningHost {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `webnova serve-web` on a free loopback port with its own data folder. */
export async function startHost(folder?: string, dataDir?: string): Promise<RunningHost> {
  const data = dataDir ?? (await mkdtemp(join(tmpdir(), 'webnova-e2e-data-')));
  const child = spawn(process.execPath, [cli, 'serve-web', '--port', '0', ...(folder ? [folder] : [])], {
    env: { ...process.env, WEBNOVA_DATA_DIR: data },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${stdout}\n${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const match = /running at (http\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    dataDir: data,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!dataDir) await rm(data, { recursive: true, force: true });
    },
  };
}
