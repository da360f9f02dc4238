import { cp } from 'node:fs/promises';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { apiNamesDefine } from './build/api-names';
import { contentSecurityPolicy } from './src/shared/content-security-policy';

// Main and the CLI bundle their dependencies too (core is TypeScript source anyway): one file
// loads much faster than Node's ESM loader resolving hundreds of modules (zod alone has ~100),
// which was most of the web host's start-up. Electron and Node built-ins stay external.
// electron-vite leaves external this package.json's "dependencies" plus `include`, less `exclude`.
// `include` keeps three external whatever package.json says: node-pty is a native addon, PGlite
// reads its .wasm and .data files beside its own module, and dockerode (the OCI sandbox's client,
// loaded only when that backend is used) brings ssh2 with optional native parts a bundle cannot hold. electron-builder packs only declared
// "dependencies", so `npm run check:desktop-deps` fails when anything external is undeclared.
const bundleDependencies = {
  exclude: ['@webnova/core', 'ws', 'zod'],
  include: ['@electric-sql/pglite', 'node-pty', 'dockerode'],
};

/**
 * The page repeats the Content-Security-Policy that the web host and Electron's protocol send as a
 * header, as a meta tag for any other way it is loaded; both come from the one shared constant.
 * `frame-ancestors` only works as a header (browsers ignore it in a meta tag and warn), so it is left out.
 */
const metaPolicy = contentSecurityPolicy
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'webnova:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: metaPolicy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Core is bundled into `out/main`, so the event store's drizzle migrations (SQL files read at run time)
 * are shipped beside it, where core's `findMigrationsFolder` looks.
 */
function shipStoreMigrations(): Plugin {
  return {
    name: 'webnova:store-migrations',
    apply: 'build',
    async writeBundle(options) {
      const outDir = options.dir ?? resolve(import.meta.dirname, 'out/main');
      await cp(resolve(import.meta.dirname, '../../packages/core/drizzle'), resolve(outDir, 'drizzle'), {
        recursive: true,
      });
    },
  };
}

// The preload's copy of the API table's names, as the build writes them in.
const apiNames = await apiNamesDefine();

export default defineConfig({
  main: {
    plugins: [shipStoreMigrations()],
    build: {
      externalizeDeps: bundleDependencies,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          cli: resolve(import.meta.dirname, 'src/cli/webnova.ts'),
          core: resolve(import.meta.dirname, 'src/core-process/index.ts'),
        },
      },
    },
  },
  preload: {
    define: apiNames,
    // A sandboxed preload must be one CommonJS file with nothing to require but electron.
    build: {
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      // electron-vite leaves the renderer unminified; Monaco alone is then ~7 MB to parse at startup.
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
