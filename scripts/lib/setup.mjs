// Set-up steps shared by `npm run launch` and `npm test`. Node built-ins only: these run
// before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const desktop = join(repo, 'apps', 'desktop');
const buildStamp = join(desktop, 'out', '.build-stamp');

export function say(message) {
  console.log(`\u001b[36mwebnova\u001b[0m ${message}`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
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
