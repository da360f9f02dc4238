// `npm run check:desktop-deps` (also a step of `npm test`, after the build): fails when the built
// desktop app (apps/desktop/out) loads at run time a package that the installed app would not have.
//
// electron-builder packs `out/**`, apps/desktop/package.json and the production dependency tree of
// that package.json's "dependencies", nothing else (see electron-builder.yml). So every bare name
// the built code still imports or requires (the bundler left it external) must be a Node built-in,
// `electron`, or declared in "dependencies". Workspace packages (@webnova/*) export TypeScript
// source that Electron cannot run: they must be bundled, never loaded. The sandboxed preload may
// load only `electron`, and the renderer (a page without Node) nothing bare at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(import.meta.url), '..', '..');
const desktop = join(repo, 'apps', 'desktop');

/**
 * The package a bare specifier names ("@scope/name/sub" → "@scope/name"; "node:fs" stays itself),
 * or null for a path or a URL: a file of the build.
 */
export function packageName(specifier) {
  if (/^[./]/.test(specifier) || (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !specifier.startsWith('node:'))) {
    return null;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

/** A string literal's value, a template literal without `${}` included; else null. */
function literal(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

function isCreateRequireCall(node) {
  if (node?.type !== 'CallExpression') return false;
  const { callee } = node;
  return (
    (callee.type === 'Identifier' && callee.name === 'createRequire') ||
    (callee.type === 'MemberExpression' &&
      callee.property.type === 'Identifier' &&
      callee.property.name === 'createRequire')
  );
}

/**
 * Whether a variable's initial value is a `require` made by `createRequire`: the call itself, or
 * Rolldown's `(() => createRequire(import.meta.url))()`.
 */
function isRequireFactory(init) {
  if (isCreateRequireCall(init)) return true;
  const fn = init?.type === 'CallExpression' && init.arguments.length === 0 ? init.callee : null;
  if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return false;
  if (fn.body.type !== 'BlockStatement') return isCreateRequireCall(fn.body);
  const [only] = fn.body.body;
  return fn.body.body.length === 1 && only.type === 'ReturnStatement' && isCreateRequireCall(only.argument);
}

/**
 * Every module load in one file of built code, as `{ kind, specifier, offset }`; `specifier` is null
 * when the name is computed at run time. Loads are: static `import`/`export … from`, `import()`,
 * `require()` and `require.resolve()`, where `require` is the global or any name bound to a
 * `createRequire(…)` result (how Rolldown writes a CommonJS dependency's requires into an ES module).
 * Names are matched per file, not per scope: a local function that happens to be called `require`
 * would count too, which errs on the side of a false alarm, never of a missed load.
 */
export function findLoads(code, parseAst) {
  const ast = parseAst(code, { lang: 'js' });
  const loads = [];
  const calls = []; // [callee name, call, kind] for calls that load if that name is a require
  const requireNames = new Set(['require']);
  const stack = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (node.source) loads.push({ kind: 'import', specifier: literal(node.source), offset: node.start });
        break;
      case 'ImportExpression':
        loads.push({ kind: 'import()', specifier: literal(node.source), offset: node.start });
        break;
      case 'VariableDeclarator':
        if (node.id.type === 'Identifier' && isRequireFactory(node.init)) requireNames.add(node.id.name);
        break;
      case 'CallExpression': {
        const { callee } = node;
        if (callee.type === 'Identifier') calls.push([callee.name, node, 'require']);
        else if (isCreateRequireCall(callee))
          loads.push({ kind: 'require', specifier: literal(node.arguments[0]), offset: node.start });
        else if (
          callee.type === 'MemberExpression' &&
          callee.object.type === 'Identifier' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'resolve'
        ) {
          calls.push([callee.object.name, node, 'require.resolve']);
        } else if (
          callee.type === 'MemberExpression' &&
          callee.object.type === 'MetaProperty' &&
          callee.property.type === 'Identifier' &&
          callee.property.name === 'resolve'
        ) {
          loads.push({ kind: 'import.meta.resolve', specifier: literal(node.arguments[0]), offset: node.start });
        }
        break;
      }
    }
    for (const [key, value] of Object.entries(node))
      if (key !== 'type' && value && typeof value === 'object') stack.push(value);
  }
  for (const [name, call, kind] of calls) {
    if (requireNames.has(name)) loads.push({ kind, specifier: literal(call.arguments[0]), offset: call.start });
  }
  return loads.sort((a, b) => a.offset - b.offset);
}

/**
 * The ES module loads in a renderer file, as `findLoads` gives them. The page has no `require` (no
 * Node integration, sandboxed): a require() left there is a dependency's Node-only branch that never
 * runs (the TypeScript compiler in the TS worker has them), so only imports count. es-module-lexer
 * finds them in the renderer's 15 MB in a second, where a full parse takes twenty on a busy machine.
 */
export function findImports(code, lexer) {
  const [imports] = lexer.parse(code);
  return imports
    .filter((entry) => entry.d !== -2) // import.meta
    .map((entry) => {
      let specifier = entry.n ?? null;
      const raw = code.slice(entry.s, entry.e).trim();
      // A template literal without `${}` is as fixed a name as a string.
      if (specifier === null && /^`[^`$]*`$/.test(raw)) specifier = raw.slice(1, -1);
      return { kind: entry.d === -1 ? 'import' : 'import()', specifier, offset: entry.ss };
    });
}

function* scriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* scriptFiles(path);
    else if (/\.[cm]?js$/.test(entry.name)) yield path;
  }
}

function lineOf(code, offset) {
  let line = 1;
  for (let index = code.indexOf('\n'); index !== -1 && index < offset; index = code.indexOf('\n', index + 1)) line += 1;
  return line;
}

/** The names of the npm workspaces (`@webnova/core`, …), from the root package.json. */
export function workspacePackageNames(root = repo) {
  const { workspaces = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return workspaces.map((folder) => JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')).name);
}

/** Whether `name` is installed where Node (and electron-builder's collector) would find it from `from`. */
function isInstalled(name, from) {
  for (let dir = from; ; dir = resolve(dir, '..')) {
    if (existsSync(join(dir, 'node_modules', ...name.split('/'), 'package.json'))) return true;
    if (resolve(dir, '..') === dir) return false;
  }
}

/**
 * Checks the built app in `outDir` against `manifest` (apps/desktop/package.json). Returns the
 * problems (one sentence each, empty when the package would run) and the external packages found,
 * name → the files that load it.
 */
export async function checkDesktopDependencies({
  outDir = join(desktop, 'out'),
  manifest = JSON.parse(readFileSync(join(desktop, 'package.json'), 'utf8')),
  workspacePackages = workspacePackageNames(),
  resolveFrom = desktop,
} = {}) {
  // The parser of the bundler that wrote these files (Rolldown's, through Vite) for main and the
  // preload, where requires count too; es-module-lexer for the renderer's imports.
  const { parseAst } = await import('vite');
  const lexer = await import('es-module-lexer');
  await lexer.init;
  const declared = new Set(Object.keys(manifest.dependencies ?? {}));
  const devOnly = new Set(Object.keys(manifest.devDependencies ?? {}));
  const problems = [];
  const external = new Map();
  if (!existsSync(outDir)) return { problems: [`${outDir} does not exist: build first (npm run build)`], external };

  for (const file of scriptFiles(outDir)) {
    const name = relative(outDir, file).split(sep).join('/');
    const area = name.split('/')[0]; // main (main process and CLI), preload, renderer
    const code = readFileSync(file, 'utf8');
    let loads;
    try {
      loads = area === 'renderer' ? findImports(code, lexer) : findLoads(code, parseAst);
    } catch (error) {
      problems.push(`${name}: could not be parsed, so its loads are unchecked (${error.message.split('\n')[0]})`);
      continue;
    }
    for (const { kind, specifier, offset } of loads) {
      const where = `${name}:${lineOf(code, offset)}`;
      if (specifier === null) {
        // A browser resolves a computed import() only as a URL; main must name what it loads.
        if (area !== 'renderer') problems.push(`${where}: ${kind} of a name computed at run time cannot be checked`);
        continue;
      }
      const pkg = packageName(specifier);
      if (pkg === null) continue; // a file of the build itself, or a URL
      if (area === 'preload') {
        if (specifier !== 'electron') {
          problems.push(
            `${where}: the sandboxed preload loads "${specifier}"; it may load only electron (bundle the rest into it)`,
          );
        }
        continue;
      }
      if (area === 'renderer') {
        problems.push(`${where}: the renderer imports "${specifier}", which a page cannot resolve: bundle it`);
        continue;
      }
      if (isBuiltin(specifier) || pkg === 'electron') continue;
      if (!external.has(pkg)) external.set(pkg, new Set());
      external.get(pkg).add(name);
      if (workspacePackages.includes(pkg)) {
        problems.push(
          `${where}: "${specifier}" is left external, but workspace packages export TypeScript source: ` +
            'bundle it (electron.vite.config.ts, externalizeDeps.exclude)',
        );
      } else if (!declared.has(pkg)) {
        problems.push(
          `${where}: loads "${specifier}", which apps/desktop/package.json does not declare in "dependencies"` +
            `${devOnly.has(pkg) ? ' (only in "devDependencies", which electron-builder leaves out)' : ''}: ` +
            'the packaged app would not have it. Declare it there, or bundle it (electron.vite.config.ts)',
        );
      } else if (!isInstalled(pkg, resolveFrom)) {
        problems.push(`${where}: loads "${specifier}", declared but not installed: run npm ci`);
      }
    }
  }
  return { problems, external };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { problems, external } = await checkDesktopDependencies();
  const declared = Object.keys(JSON.parse(readFileSync(join(desktop, 'package.json'), 'utf8')).dependencies ?? {});
  for (const [pkg, files] of external) console.log(`external: ${pkg} (loaded by ${[...files].join(', ')})`);
  const unused = declared.filter((pkg) => !external.has(pkg));
  // Not an error: packed for nothing, but the app runs.
  if (unused.length > 0) console.log(`declared but bundled or unused (packed for nothing): ${unused.join(', ')}`);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`✗ ${problem}`);
    console.error(`check-desktop-deps: ${problems.length} problem(s): the packaged app would not run as built`);
    process.exit(1);
  }
  console.log('check-desktop-deps: everything the built app loads is bundled, built in, or declared');
}
