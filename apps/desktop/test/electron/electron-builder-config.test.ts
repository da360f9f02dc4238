import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Configuration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';

/*
 * electron-builder cannot package here (it downloads Electron), so this runs the parts of it that
 * need no download: its own config loader (js-yaml, `extends`), its JSON-schema validation, its
 * package.json checks and its Electron version lookup, then checks every path the config names.
 */
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { checkMetadata, readPackageJson } = require('app-builder-lib/out/util/packageMetadata.js');
const { getElectronVersion } = require('app-builder-lib/out/electron/electronVersion.js');
const { DebugLogger } = require('builder-util');

const projectDir = resolve(import.meta.dirname, '../../../..');
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(projectDir, join(projectDir, 'electron-builder.yml'), null);
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, linux: { ...config.linux, categroy: 'Development' } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/);
  });

  it('names the product', () => {
    expect(config.appId).toBe('dev.webnova.ide');
    expect(config.productName).toBe('WebNova');
  });

  it('packages the desktop workspace, whose package.json passes electron-builder’s checks', async () => {
    expect(config.directories).toMatchObject({ app: 'apps/desktop', output: 'release' });
    const appPackageFile = join(projectDir, 'apps/desktop', 'package.json');
    const appPackage = await readPackageJson(appPackageFile);
    const rootPackageFile = join(projectDir, 'package.json');
    const rootPackage = await readPackageJson(rootPackageFile);
    expect(() => checkMetadata(appPackage, rootPackage, appPackageFile, rootPackageFile)).not.toThrow();
    expect(appPackage.main).toBe('out/main/index.js');
    expect(appPackage.dependencies?.electron).toBeUndefined();
  });

  it('ships only the bundles, in an asar with native modules unpacked', () => {
    // electron-builder normalises a list of patterns into one filter set.
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json'] }]);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    // node-pty's helper programs (spawn-helper, winpty-agent.exe) must be real files.
    expect(config.asarUnpack).toContain('**/node_modules/node-pty/**');
  });

  it('finds the Electron version it would package', async () => {
    const installed = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
    expect(await getElectronVersion(projectDir, config)).toBe(installed);
  });

  it('builds the installers the brief asks for', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Development' });
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
    expect(config.mac).toMatchObject({
      target: 'dmg',
      category: 'public.app-category.developer-tools',
      hardenedRuntime: true,
    });
    expect(config.win).toMatchObject({ target: 'nsis' });
    expect(config.nsis).toMatchObject({ oneClick: false, allowToChangeInstallationDirectory: true });
  });

  it('turns off the Electron features the app does not use', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('decides every fuse that @electron/fuses knows, so a new one cannot go unnoticed', () => {
    const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, string | number> };
    const known = Object.keys(FuseV1Options)
      .filter((key) => Number.isNaN(Number(key)))
      .map((key) => key.charAt(0).toLowerCase() + key.slice(1));
    expect(known).toContain('runAsNode');
    for (const fuse of known) {
      expect(typeof (config.electronFuses as Record<string, unknown> | undefined)?.[fuse], fuse).toBe('boolean');
    }
  });

  it('refers only to files that exist', () => {
    const icons = [config.mac?.icon, config.win?.icon, config.linux?.icon];
    expect(icons).toEqual(['resources/icons/icon.icns', 'resources/icons/icon.ico', 'resources/icons']);
    for (const icon of icons) expect(existsSync(join(projectDir, String(icon))), String(icon)).toBe(true);
    const linuxIcons = readdirSync(join(projectDir, 'resources/icons')).filter((name) => /^\d+x\d+\.png$/.test(name));
    expect(linuxIcons).toEqual(expect.arrayContaining(['16x16.png', '32x32.png', '256x256.png', '512x512.png']));
    expect(existsSync(join(projectDir, String(config.directories?.buildResources)))).toBe(true);
    const extras = [config.extraResources ?? []].flat();
    for (const extra of extras) {
      const from = typeof extra === 'string' ? extra : extra?.from;
      expect(existsSync(join(projectDir, String(from))), String(from)).toBe(true);
    }
  });
});
