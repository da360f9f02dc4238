import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// electron-builder.yml: productName, and linux.executableName.
const productName = 'WebNova';
const executableName = 'webnova';

/** The packaged executable and its archive in electron-builder's output folder, for this platform. */
export function packagedApp(output: string): { binary: string; asar: string } {
  for (const entry of readdirSync(output)) {
    const bundle = join(output, entry, `${productName}.app`);
    if (process.platform === 'darwin' && existsSync(bundle)) {
      return {
        binary: join(bundle, 'Contents', 'MacOS', productName),
        asar: join(bundle, 'Contents', 'Resources', 'app.asar'),
      };
    }
    if (entry.endsWith('-unpacked')) {
      const binary = join(output, entry, process.platform === 'win32' ? `${productName}.exe` : executableName);
      return { binary, asar: join(output, entry, 'resources', 'app.asar') };
    }
  }
  throw new Error(`no packaged app in ${output}: ${readdirSync(output).join(', ')}`);
}

/**
 * Starts the packaged app with remote debugging on a free port and resolves with the browser
 * endpoint it prints. Without a display on Linux it runs under xvfb-run when that is installed.
 */
export function startPackaged(
  binary: string,
  dataDir: string,
): Promise<{ app: ChildProcess; endpoint: string; output: () => string }> {
  const args = ['--remote-debugging-port=0', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
  const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const [command, commandArgs] = headless
    ? ['xvfb-run', ['-a', '-s', '-screen 0 1280x800x24', binary, ...args]]
    : [binary, args];
  const app = spawn(command, commandArgs, {
    env: { ...process.env, WEBNOVA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the app and xvfb-run end together
  });
  let output = '';
  return new Promise((resolveStart, rejectStart) => {
    const timer = setTimeout(() => rejectStart(new Error(`no DevTools endpoint after 120 s:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const endpoint = /DevTools listening on (ws:\/\/\S+)/.exec(output)?.[1];
      if (endpoint) {
        clearTimeout(timer);
        resolveStart({ app, endpoint, output: () => output });
      }
    };
    app.stdout?.on('data', read);
    app.stderr?.on('data', read);
    app.on('error', (error) => {
      clearTimeout(timer);
      rejectStart(error);
    });
    app.on('exit', (code, signal) => {
      clearTimeout(timer);
      rejectStart(new Error(`the packaged app ended (${code ?? signal}) before it listened:\n${output}`));
    });
  });
}

export async function stopPackaged(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null || app.signalCode !== null || app.pid === undefined) return;
  const exited = new Promise((ended) => app.once('exit', ended));
  // The whole group (the app and xvfb-run); the app closes core, and its store, on SIGTERM.
  const signal = (name: NodeJS.Signals) =>
    process.platform === 'win32' ? app.kill(name) : process.kill(-(app.pid as number), name);
  signal('SIGTERM');
  const late = setTimeout(() => signal('SIGKILL'), 20_000);
  await exited;
  clearTimeout(late);
}
