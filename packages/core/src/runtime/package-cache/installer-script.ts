/**
 * Runs in the project folder as `node -e <script> <treesDir> <npm> <npm args…>` (a string, so
 * that it survives bundling and runs inside the task's process group, where stop reaches it).
 *
 * A project that has no node_modules yet and whose dependencies (package.json's dependency fields
 * and its lockfile, on this platform and Node ABI) match a tree installed before gets a copy of
 * that tree: no resolution, no network, no npm start-up. A real copy (copy-on-write where the file
 * system can), never hard links: npm rewrites files in place, and one project's install must not
 * change another's. Otherwise npm installs (from the shared cache when it can), and the resulting
 * tree is stored for the next project. At most 8 trees are kept, the least recently used go.
 */
export const installerScript = `
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const [treesDir, npm, ...npmArgs] = process.argv.slice(1);
const KEEP = 8;
// The store lives in WebNova's private data folder: made owner-only when this makes it (its trees
// inside keep npm's modes, since they are copied into projects as they are).
fs.mkdirSync(path.dirname(treesDir), { recursive: true, mode: 0o700 });
const read = (file) => { try { return fs.readFileSync(file, 'utf8'); } catch { return null; } };
let manifest = {};
try { manifest = JSON.parse(read('package.json') || '{}'); } catch {}
const lock = read('package-lock.json');
const fields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'overrides'];
const key = createHash('sha256')
  .update(JSON.stringify([process.platform, process.arch, process.versions.modules, fields.map((f) => manifest[f] || null), lock]))
  .digest('hex').slice(0, 32);
const tree = path.join(treesDir, key);
const copy = (from, to) => {
  if (process.platform !== 'win32') return spawnSync('cp', ['-a', '--reflink=auto', from, to], { stdio: 'inherit' }).status === 0;
  try { fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true }); return true; } catch { return false; }
};
if (!fs.existsSync('node_modules') && fs.existsSync(path.join(tree, 'node_modules'))) {
  const started = Date.now();
  if (copy(path.join(tree, 'node_modules'), 'node_modules')) {
    if (!lock && fs.existsSync(path.join(tree, 'package-lock.json'))) fs.copyFileSync(path.join(tree, 'package-lock.json'), 'package-lock.json');
    const now = new Date();
    try { fs.utimesSync(tree, now, now); } catch {}
    console.log('Installed from the shared package store (the same dependencies were installed before) in ' + (Date.now() - started) + ' ms.');
    process.exit(0);
  }
  fs.rmSync('node_modules', { recursive: true, force: true });
}
console.log('> npm ' + npmArgs.join(' '));
const result = spawnSync(npm, npmArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) process.exit(result.status === null ? 1 : result.status);
try {
  fs.mkdirSync(treesDir, { recursive: true });
  const staging = tree + '.tmp-' + process.pid;
  fs.mkdirSync(staging);
  if (fs.existsSync('node_modules') && copy('node_modules', path.join(staging, 'node_modules'))) {
    const written = read('package-lock.json');
    if (written) fs.writeFileSync(path.join(staging, 'package-lock.json'), written);
    fs.rmSync(tree, { recursive: true, force: true });
    fs.renameSync(staging, tree);
    const trees = fs.readdirSync(treesDir).filter((name) => /^[0-9a-f]{32}$/.test(name))
      .map((name) => ({ name, at: fs.statSync(path.join(treesDir, name)).mtimeMs })).sort((a, b) => b.at - a.at);
    for (const old of trees.slice(KEEP)) fs.rmSync(path.join(treesDir, old.name), { recursive: true, force: true });
  } else {
    fs.rmSync(staging, { recursive: true, force: true });
  }
} catch (error) {
  console.log('Could not keep a copy of node_modules in the shared package store: ' + error.message);
}
`;
