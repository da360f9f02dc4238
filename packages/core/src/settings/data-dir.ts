import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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
