import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron executable npm installed, or why there is none. npm installs it only without
 * ELECTRON_SKIP_BINARY_DOWNLOAD, from Electron's releases on GitHub, which a machine without
 * internet access cannot reach: the Electron tests skip there and say this.
 */
export function findElectronBinary(): { path: string } | { missing: string } {
  const why =
    'Electron binary not installed: node_modules/electron has no dist/ (npm ran with ' +
    'ELECTRON_SKIP_BINARY_DOWNLOAD=1, or could not download it). Run `npm rebuild electron` on a ' +
    'machine that can reach Electron’s releases to run this test';
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `${why} (no file at ${String(path)}).` };
  } catch (error) {
    return { missing: `${why} (require('electron') said: ${error instanceof Error ? error.message : String(error)}).` };
  }
}
