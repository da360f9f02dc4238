import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Main and the CLI bundle their dependencies too (core is TypeScript source anyway): one file
// loads much faster than Node's ESM loader resolving hundreds of modules (zod alone has ~100),
// which was most of the web host's start-up. Electron and Node built-ins stay external.
const bundleDependencies = { exclude: ['@webnova/core', 'ws', 'zod'], include: ['@electric-sql/pglite'] };

export default defineConfig({
  main: {
    build: {
      externalizeDeps: bundleDependencies,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          cli: resolve(import.meta.dirname, 'src/cli/webnova.ts'),
        },
      },
    },
  },
  preload: {
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
    plugins: [react()],
    build: {
      // electron-vite leaves the renderer unminified; Monaco alone is then ~7 MB to parse at startup.
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
