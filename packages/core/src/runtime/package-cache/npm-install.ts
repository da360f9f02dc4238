import { join } from 'node:path';
import { installerScript } from './installer-script.js';

/**
 * The shared package store of this installation: npm's download cache (`npm/`) and copies of
 * installed dependency trees (`trees/`). `WEBNOVA_PACKAGE_CACHE` moves it (tests and benches).
 */
export function packageCacheDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.WEBNOVA_PACKAGE_CACHE || join(dataDir, 'package-cache');
}

/**
 * npm's arguments. npm's content-addressed cache in the shared folder is the fallback store:
 * `--prefer-offline` takes package metadata and tarballs from it without asking the registry
 * whether they are stale, so a project whose dependencies were all downloaded once installs with
 * no network, and a package the cache lacks is still fetched (plain `--offline` would fail there;
 * `npm ci` would demand a lockfile). Audit and funding requests are network calls not needed here.
 */
export function npmInstallArgs(cacheRoot: string): string[] {
  return ['install', '--prefer-offline', '--no-audit', '--no-fund', '--cache', join(cacheRoot, 'npm')];
}

export function npmProgram(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/**
 * The `install` task: the user's own `node` (from their PATH, as everything a generated project runs
 * needs it anyway) running the installer script: copy a stored tree with the same dependencies, else
 * `npm install` and store the result. Never Electron's own binary as Node: the packaged app switches
 * ELECTRON_RUN_AS_NODE off (the runAsNode fuse), so it would start the IDE again.
 */
export function installCommand(cacheRoot: string): { program: string; args: string[] } {
  return {
    program: process.platform === 'win32' ? 'node.exe' : 'node',
    args: ['-e', installerScript, join(cacheRoot, 'trees'), npmProgram(), ...npmInstallArgs(cacheRoot)],
  };
}
