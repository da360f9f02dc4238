// Starts `webnova serve-web` as a child process and waits for the URL it prints. Shared by the
// end-to-end tests and the benches, which both drive the IDE through a real host process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repo } from './setup.mjs';

const cli = join(repo, 'apps', 'desktop', 'bin', 'webnova.mjs');

/**
 * Where a client outside the page opens the API socket, and the subprotocols that carry the token
 * (the printed URL holds it in its fragment). The names are the host's (`apps/desktop/src/shared/
 * access-protocol.ts`); a test checks the two agree.
 */
export function apiSocket(url) {
  const parsed = new URL(url);
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  return { address: `ws://${parsed.host}/api`, protocols: ['webnova.v1', `webnova.token.${token}`] };
}

/**
 * Starts the host and resolves with its URL once it prints it, or rejects when it exits first. There
 * is no start deadline: on a loaded machine the host starts late, not never, and a caller that gave up
 * would leave it running; the caller's own test timeout ends a start that really hangs.
 */
export async function startWebHostProcess({ folder, dataDir, args = [], env = {} }) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'serve-web', ...args, ...(folder ? [folder] : [])], {
    env: { ...process.env, ...env, WEBNOVA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /running at (http\S+)/.exec(stdout);
      if (match) {
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`web host exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    startMs: performance.now() - started,
    process: child,
    /** What the host wrote to stderr so far (its JSON log lines). */
    stderr: () => stderr,
    async stop() {
      // A host that already ended, by exit or by a signal, emits no further 'exit'.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
