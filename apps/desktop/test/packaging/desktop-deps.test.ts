import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkDesktopDependencies,
  packageName,
  workspacePackageNames,
} from '../../../../scripts/check-desktop-deps.mjs';

/*
 * scripts/check-desktop-deps.mjs against small built apps written here, each with the kind of
 * load the real build could come to have, and electron-builder's own dependency collector against
 * the real apps/desktop/package.json: what it would pack must be what the built app loads.
 */
const desktop = resolve(import.meta.dirname, '../..');
const workspacePackages = ['@webnova/core', '@webnova/ui'];
let outDir: string | undefined;

afterEach(async () => {
  if (outDir) await rm(dirname(outDir), { recursive: true, force: true });
  outDir = undefined;
});

/** Writes `files` (path under out/ → code) and checks them against `manifest`. */
async function check(
  files: Record<string, string>,
  manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } = {},
) {
  outDir = join(await mkdtemp(join(tmpdir(), 'webnova-deps-')), 'out');
  for (const [name, code] of Object.entries(files)) {
    await mkdir(dirname(join(outDir, name)), { recursive: true });
    await writeFile(join(outDir, name), code);
  }
  return checkDesktopDependencies({ outDir, manifest, workspacePackages, resolveFrom: desktop });
}

describe('check-desktop-deps', () => {
  it('passes a build that loads only built-ins, electron, its own files and declared packages', async () => {
    const result = await check(
      {
        'main/index.js': [
          "import { readFile } from 'node:fs/promises';",
          "import path from 'path';",
          "import { app } from 'electron';",
          "import { start } from './chunks/core.js';",
          "const pty = await import('node-pty');",
        ].join('\n'),
        'main/chunks/core.js': "export * from '../shared.js';\nexport const start = () => import(`./lazy.js`);",
        'preload/index.cjs': "const { contextBridge } = require('electron');",
        // A require() in the page is a dependency's Node-only branch that never runs there.
        'renderer/assets/index.js': "import './vendor.js';\nif (typeof require === 'function') require('fs');",
        'renderer/index.html': '<script type="module" src="./assets/index.js"></script>',
      },
      { dependencies: { 'node-pty': '^1.1.0' } },
    );
    expect(result.problems).toEqual([]);
    expect([...result.external.keys()]).toEqual(['node-pty']);
    expect([...(result.external.get('node-pty') ?? [])]).toEqual(['main/index.js']);
  });

  it('fails on a package the build leaves external and package.json does not declare, naming file and line', async () => {
    const { problems, external } = await check({
      'main/chunks/store.js':
        "import { join } from 'node:path';\n\nimport { PGlite } from '@electric-sql/pglite/vector';",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^main\/chunks\/store\.js:3: loads "@electric-sql\/pglite\/vector", which/),
    ]);
    expect(problems[0]).toContain('does not declare in "dependencies"');
    expect(external.has('@electric-sql/pglite')).toBe(true);
  });

  it('sees requires through createRequire, as Rolldown writes them, and says when a package is only a devDependency', async () => {
    const { problems } = await check(
      {
        'main/cli.js': [
          "import { createRequire } from 'node:module';",
          'var __require = /* #__PURE__ */ (() => createRequire(import.meta.url))();',
          "const crypto = __require('crypto');",
          "const WebSocket = __require('ws');",
          "const direct = createRequire(import.meta.url)('zod');",
          "const where = __require.resolve('isomorphic-git/package.json');",
          "const meta = import.meta.resolve('drizzle-orm');",
        ].join('\n'),
      },
      { devDependencies: { ws: '^8', zod: '^4' } },
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(
      /^main\/cli\.js:4: loads "ws".*only in "devDependencies", which electron-builder leaves out/,
    );
    expect(problems[1]).toMatch(/^main\/cli\.js:5: loads "zod".*devDependencies/);
    expect(problems[2]).toMatch(/^main\/cli\.js:6: loads "isomorphic-git\/package\.json"/);
    expect(problems[3]).toMatch(/^main\/cli\.js:7: loads "drizzle-orm"/);
  });

  it('fails on a workspace package left external even when declared: its exports are TypeScript source', async () => {
    const { problems } = await check(
      { 'main/index.js': "const core = await import('@webnova/core/contracts');" },
      { dependencies: { '@webnova/core': '*' } },
    );
    expect(problems).toEqual([
      expect.stringContaining('"@webnova/core/contracts" is left external, but workspace packages'),
    ]);
  });

  it('fails on a load whose name is computed in main, which no check can follow', async () => {
    const { problems } = await check({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture is code that holds a template literal
      'main/index.js': 'const name = process.env.PLUGIN;\nrequire(name);\nawait import(`./${name}.js`);',
      // In the page, a computed import() is a URL the browser fetches, not a package.
      'renderer/assets/index.js': 'const url = new URL("./chunk.js", import.meta.url).href;\nawait import(url);',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^main\/index\.js:2: require of a name computed at run time/),
      expect.stringMatching(/^main\/index\.js:3: import\(\) of a name computed at run time/),
    ]);
  });

  it('lets the sandboxed preload load electron only', async () => {
    const { problems } = await check(
      { 'preload/index.cjs': "const { ipcRenderer } = require('electron');\nconst path = require('node:path');" },
      { dependencies: {} },
    );
    expect(problems).toEqual([
      expect.stringMatching(/^preload\/index\.cjs:2: the sandboxed preload loads "node:path"/),
    ]);
  });

  it('fails on a bare import left in the renderer, which a page cannot resolve', async () => {
    const { problems } = await check(
      {
        'renderer/assets/index.js':
          "import { createRoot } from 'react-dom/client';\nconst lazy = () => import(`monaco-editor`);",
      },
      { dependencies: { 'react-dom': '*', 'monaco-editor': '*' } },
    );
    expect(problems).toEqual([
      expect.stringMatching(/^renderer\/assets\/index\.js:1: the renderer imports "react-dom\/client"/),
      expect.stringMatching(/^renderer\/assets\/index\.js:2: the renderer imports "monaco-editor"/),
    ]);
  });

  it('fails on a declared package that is not installed, and on a file it cannot read', async () => {
    const { problems } = await check(
      {
        'main/index.js': "import 'webnova-no-such-package';",
        'main/broken.js': 'import { from',
      },
      { dependencies: { 'webnova-no-such-package': '1.0.0' } },
    );
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(expect.stringMatching(/^main\/broken\.js: could not be parsed/));
    expect(problems).toContainEqual(expect.stringContaining('"webnova-no-such-package", declared but not installed'));
  });

  it('fails when there is no build to check', async () => {
    const result = await checkDesktopDependencies({ outDir: join(tmpdir(), 'webnova-no-such-out'), manifest: {} });
    expect(result.problems).toEqual([expect.stringContaining('does not exist: build first')]);
  });

  it('reads package names and the workspace packages', () => {
    expect(packageName('@electric-sql/pglite/vector')).toBe('@electric-sql/pglite');
    expect(packageName('drizzle-orm/pglite')).toBe('drizzle-orm');
    expect(packageName('./chunks/a.js')).toBeNull();
    expect(packageName('node:fs')).toBe('node:fs');
    expect(packageName('file:///opt/a.js')).toBeNull();
    expect(workspacePackageNames()).toEqual(
      expect.arrayContaining(['@webnova/core', '@webnova/ui', '@webnova/desktop', '@webnova/server']),
    );
  });
});

describe('what electron-builder packs', () => {
  it('is the tree of apps/desktop’s "dependencies": every package the built app loads, and no build tool', async () => {
    // electron-builder's own collector (npm ls under the hood), as `electron-builder --dir` runs it.
    const require = createRequire(import.meta.url);
    const { getCollectorByPackageManager, PM } = require('app-builder-lib/out/node-module-collector/index.js');
    const { TmpDir } = require('builder-util');
    const temp = new TmpDir('webnova-collector');
    try {
      const { nodeModules } = (await getCollectorByPackageManager(PM.NPM, desktop, temp).getNodeModules({
        packageName: '@webnova/desktop',
      })) as { nodeModules: { name: string }[] };
      const packed = nodeModules.map((module) => module.name);
      const manifest = require(join(desktop, 'package.json')) as { dependencies: Record<string, string> };
      expect(packed).toEqual(expect.arrayContaining(Object.keys(manifest.dependencies)));
      expect(packed).toEqual(expect.arrayContaining(['@electric-sql/pglite', 'node-pty']));
      for (const tool of ['electron', 'electron-vite', 'vite', '@webnova/core', '@webnova/ui']) {
        expect(packed).not.toContain(tool);
      }
    } finally {
      await temp.cleanup();
    }
  });
});
