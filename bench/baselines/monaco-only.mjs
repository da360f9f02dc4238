// The editor bench's baseline page (monaco-only/): built by Vite as the IDE's renderer is (minified,
// same Vite, same Monaco, the IDE's workers), and put beside the IDE's built renderer for the run, so
// that the same web host serves both pages the same way (same headers, same Content-Security-Policy).
// The build is kept in node_modules/.cache, keyed by what goes into it.
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'vite';
import { repo } from '../lib.mjs';

const pageDir = join(import.meta.dirname, 'monaco-only');
const rendererDir = join(repo, 'apps/desktop/out/renderer');
const FILES_DIR = 'monaco-only-files';

async function cacheKey() {
  const hash = createHash('sha256');
  for (const file of [
    join(pageDir, 'monaco-only.html'),
    join(pageDir, 'main.js'),
    join(repo, 'packages/ui/src/editor/monaco-workers.ts'),
    join(repo, 'node_modules/vite/package.json'),
    join(repo, 'node_modules/monaco-editor/package.json'),
  ]) {
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

const exists = (path) =>
  stat(path).then(
    () => true,
    () => false,
  );

async function builtPage() {
  const outDir = join(repo, 'node_modules/.cache/webnova-bench/monaco-only', await cacheKey());
  if (await exists(outDir)) return outDir;
  const building = `${outDir}.building-${process.pid}`;
  await build({
    configFile: false,
    root: pageDir,
    base: './',
    logLevel: 'error',
    build: {
      outDir: building,
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: join(pageDir, 'monaco-only.html') },
    },
  });
  await rename(building, outDir);
  return outDir;
}

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

/**
 * Puts the page and `files` (name → path of a file to copy) into the IDE's built renderer. Returns
 * the page's path on the host for each file name, and `remove()`, which takes out all it added.
 */
export async function installMonacoOnlyPage(files) {
  const built = await builtPage();
  const added = [];
  try {
    for (const file of await filesUnder(built)) {
      // Hashed names: one already there (a chunk the IDE shares) has the same content.
      if (await exists(join(rendererDir, file))) continue;
      await mkdir(dirname(join(rendererDir, file)), { recursive: true });
      await cp(join(built, file), join(rendererDir, file));
      added.push(join(rendererDir, file));
    }
    added.push(join(rendererDir, FILES_DIR));
    await mkdir(join(rendererDir, FILES_DIR), { recursive: true });
    for (const [name, source] of Object.entries(files)) {
      await writeFile(join(rendererDir, FILES_DIR, name), await readFile(source));
    }
  } catch (error) {
    await Promise.all(added.map((path) => rm(path, { recursive: true, force: true })));
    throw error;
  }
  return {
    pagePath: (name) => `/monaco-only.html?file=${FILES_DIR}/${name}`,
    filePath: (name) => `${FILES_DIR}/${name}`,
    remove: () => Promise.all(added.map((path) => rm(path, { recursive: true, force: true }))),
  };
}
