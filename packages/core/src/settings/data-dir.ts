import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Log } from './json-file.js';
import { PRIVATE_FOLDER_MODE, repairPrivateFolder } from './private-folder.js';

/**
 * Where WebNova keeps its data: `WEBNOVA_DATA_DIR` when set (tests, portable installs), otherwise
 * the platform's per-user application-data folder, the same one Electron's `userData` uses.
 */
export function defaultDataDir(appName = 'WebNova', env: NodeJS.ProcessEnv = process.env): string {
  if (env.WEBNOVA_DATA_DIR) return resolve(env.WEBNOVA_DATA_DIR);
  switch (process.platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), appName);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', appName);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), appName);
  }
}

/**
 * Folders of the data folder made private only at their top. The package cache's node_modules trees
 * are copied into projects with `cp -a`, modes and all, where they must stay as npm made them
 * (executables in `.bin`, files others on the machine may read like any install); npm's download
 * cache holds packages and their metadata, no secrets. The 0700 folder keeps other users out.
 */
const KEEP_MODES_INSIDE: ReadonlySet<string> = new Set(['package-cache']);

/**
 * Makes the data folder private to its owner, repairing one made before this was done (or by other
 * tools): the folder and every folder in it 0700, every file 0600 (owner bits kept), links never
 * followed, the log told when anything was open to others. Run when core starts.
 */
export async function secureDataFolder(dataDir: string, log: Log): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  await repairPrivateFolder(dataDir, log, KEEP_MODES_INSIDE);
}
