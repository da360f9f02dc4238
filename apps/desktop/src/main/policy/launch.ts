import { resolve } from 'node:path';

/**
 * The folder named on the command line, absolute, or null. Switches (`--flag`, `--key=value`)
 * are skipped; when Electron runs an unpackaged app (`electron out/main/index.js FOLDER`) the first
 * positional argument is the app itself, not a folder.
 */
export function folderFromArgv(argv: readonly string[], options: { isPackaged: boolean; cwd: string }): string | null {
  const positional = argv.slice(1).filter((arg) => arg !== '' && !arg.startsWith('-'));
  const folder = options.isPackaged ? positional[0] : positional[1];
  return folder === undefined ? null : resolve(options.cwd, folder);
}

/**
 * WEBNOVA_DATA_DIR (tests, portable installs) wins over Electron's per-user folder. It also
 * becomes Electron's userData so that Chromium's profile and the single-instance lock follow it:
 * two launches with different data folders are two independent apps.
 */
export function chooseDataDir(env: Readonly<Record<string, string | undefined>>, userDataPath: string): string {
  const fromEnv = env.WEBNOVA_DATA_DIR;
  return fromEnv ? resolve(fromEnv) : userDataPath;
}
