// `npm run launch`: install what is needed, build, and open the IDE — the Electron app where its
// binary is installed, otherwise the web host in a Chromium app window, otherwise a printed URL.
// `npm start` is the same without the install step. On a Node older than package.json's engines
// it first fetches the project's Node 24 and runs itself again on it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  electronBinary,
  ensureBuilt,
  ensureElectronBinary,
  ensureInstalled,
  repo,
  say,
  useSupportedNode,
} from './lib/setup.mjs';

const args = process.argv.slice(2);
const skipInstall = args.includes('--no-install');
const forceWeb = args.includes('--web') || process.env.WEBNOVA_WEB === '1';
const folder = args.find((arg) => !arg.startsWith('--'));

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function start(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: repo, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

try {
  await useSupportedNode();
  if (!skipInstall) ensureInstalled();
  let electron = forceWeb ? null : electronBinary();
  if (!electron && !forceWeb && !skipInstall) {
    const fetched = ensureElectronBinary();
    if (fetched.ok) electron = electronBinary();
    else say(`Electron is not available (${fetched.reason}); opening the web mode instead.`);
  }
  ensureBuilt();
  if (electron && hasDisplay()) {
    say('opening the Electron app…');
    start(electron, [join(repo, 'apps', 'desktop'), ...(folder ? [folder] : [])]);
  } else {
    if (electron) say('no display for the Electron window; opening the web mode instead.');
    start(process.execPath, [
      join(repo, 'apps', 'desktop', 'bin', 'webnova.mjs'),
      'serve-web',
      '--open',
      ...(folder ? [folder] : []),
    ]);
  }
} catch (error) {
  console.error(`webnova: ${error.message}`);
  process.exit(1);
}
