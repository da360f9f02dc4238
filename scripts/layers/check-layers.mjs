// @ts-check
/**
 * Checks WebNova's layers by symbol, in the spirit of VS Code's build/lib/layersChecker.ts: every name
 * in a layer's files is resolved with the TypeScript compiler, and the file its declaration lives in
 * says where it comes from. A list of forbidden module names misses `fs/promises`, globals such as
 * `process`, and re-exports; a declaration's file does not.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import ts from 'typescript';
import { layers as repoLayers } from './layers.mjs';

/**
 * @typedef {import('./layers.mjs').Layer} Layer
 * @typedef {{ file: string, line: number, column: number, layer: string, symbol: string, declaredIn: string }} Violation
 * @typedef {{ file: string, symbol: string, reason: string }} Allowance
 */

/**
 * One program sees every environment at once (the ES library, the DOM and @types/node), so every
 * name resolves to a declaration whatever layer it is in; tsc, with each project's own libraries,
 * still reports the names that resolve to nothing.
 * @type {ts.CompilerOptions}
 */
const compilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['node'],
  jsx: ts.JsxEmit.ReactJSX,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
};

const libFolder = dirname(ts.getDefaultLibFilePath(compilerOptions));

/**
 * Where a declaration comes from: `es` (the language's own library), `dom`, `node` (@types/node
 * and the undici types it declares Node's fetch with), `npm:<package>`, a layer's name, or
 * `repo:<path>` for any other file of the repository.
 * @param {string} fileName as TypeScript spells it (forward slashes)
 * @param {string} root the repository, forward slashes
 * @param {Layer[]} layers
 */
export function originOf(fileName, root, layers) {
  if (dirname(fileName) === libFolder) return /^lib\.(dom|webworker)\b/.test(basename(fileName)) ? 'dom' : 'es';
  const inModules = fileName.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const name = packageName(fileName.slice(inModules + '/node_modules/'.length));
    return name === 'node' || name === 'undici-types' ? 'node' : `npm:${name}`;
  }
  const path = posix.relative(root, fileName);
  return layerOf(path, layers)?.name ?? `repo:${path}`;
}

/** `@types/a__b/x.d.ts` → `@a/b`, `@scope/name/x.js` → `@scope/name`, `zod/v4/x.d.ts` → `zod`. */
function packageName(/** @type {string} */ path) {
  const parts = path.split('/');
  const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '');
  if (!name.startsWith('@types/')) return name;
  const typed = name.slice('@types/'.length);
  return typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
}

/** @param {string} path from the repository root, forward slashes @param {Layer[]} layers */
export function layerOf(path, layers) {
  return layers.find((layer) => layer.files?.test(path) || path.startsWith(layer.folder));
}

/**
 * Whether a layer may use something declared in these places. What both runtimes declare (URL,
 * TextEncoder, AbortSignal…) is one merged symbol with declarations in the DOM and in @types/node,
 * so for `common` code it is enough that both do.
 * @param {Layer} layer @param {string[]} origins
 */
function mayUse(layer, origins) {
  const inRuntime = {
    node: origins.includes('node'),
    browser: origins.includes('dom'),
    common: origins.includes('node') && origins.includes('dom'),
  }[layer.environment];
  return inRuntime || origins.some((origin) => mayUseBesidesRuntime(layer, origin));
}

/** @param {Layer} layer @param {string} origin */
function mayUseBesidesRuntime(layer, origin) {
  if (origin === 'es') return true;
  if (origin === 'node' || origin === 'dom') return false;
  if (origin.startsWith('npm:')) {
    const name = origin.slice('npm:'.length);
    return Array.isArray(layer.packages) ? layer.packages.includes(name) : !layer.packages.except.includes(name);
  }
  if (origin.startsWith('repo:'))
    return layer.uses.includes('package') && origin.startsWith(`repo:${packageOf(layer)}`);
  return origin === layer.name || layer.uses.includes(origin);
}

/** `packages/core/src/contracts/` → `packages/core/`: the workspace package a layer is in. */
function packageOf(/** @type {Layer} */ layer) {
  return `${layer.folder.split('/').slice(0, 2).join('/')}/`;
}

/** The TypeScript files under a folder, if it exists. */
function sourceFiles(/** @type {string} */ folder) {
  /** @type {string[]} */
  const files = [];
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name)) files.push(path);
  }
  return files;
}

/** A string naming a module: `import … from 'x'`, `export … from 'x'`, `import('x')`, `typeof import('x')`. */
function isModuleName(/** @type {ts.Node} */ node) {
  const parent = node.parent;
  return (
    ((ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) && parent.moduleSpecifier === node) ||
    ts.isExternalModuleReference(parent) ||
    (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.ImportKeyword) ||
    (ts.isLiteralTypeNode(parent) && ts.isImportTypeNode(parent.parent))
  );
}

/**
 * Every use of a declaration a file's layer may not use, in every layer's files under `root`.
 * Type positions count as much as values: a `Buffer` in a contracts type makes every browser
 * consumer need @types/node, and describes a value that cannot exist there.
 * @param {{ root: string, layers?: Layer[] }} options
 * @returns {Violation[]}
 */
export function checkLayers({ root, layers = repoLayers }) {
  const files = layers.flatMap((layer) => sourceFiles(join(root, layer.folder)));
  // From the root, so `types: ['node']` is the tree's own @types/node wherever this runs from.
  const host = ts.createCompilerHost(compilerOptions);
  host.getCurrentDirectory = () => root;
  const program = ts.createProgram({ rootNames: [...new Set(files)], options: compilerOptions, host });
  const checker = program.getTypeChecker();
  const rootPath = root.replaceAll('\\', '/');
  /** @type {Violation[]} */
  const violations = [];
  for (const sourceFile of program.getSourceFiles()) {
    const path = posix.relative(rootPath, sourceFile.fileName);
    const layer = layerOf(path, layers);
    if (layer) violations.push(...checkFile(checker, sourceFile, path, layer, { root: rootPath, layers }));
  }
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/**
 * @param {ts.TypeChecker} checker @param {ts.SourceFile} sourceFile @param {string} path
 * @param {Layer} layer @param {{ root: string, layers: Layer[] }} repository
 * @returns {Violation[]}
 */
function checkFile(checker, sourceFile, path, layer, { root, layers }) {
  /** @type {Violation[]} */
  const violations = [];
  /** @param {string[]} fileNames */
  const allowed = (fileNames) =>
    mayUse(
      layer,
      fileNames.map((fileName) => originOf(fileName, root, layers)),
    );
  /** @param {ts.Symbol | undefined} symbol */
  const declarationFiles = (symbol) => {
    const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return (target?.declarations ?? []).map((declaration) => declaration.getSourceFile().fileName);
  };

  /**
   * Whether the object a member is read from is in bounds. With both loaded, TypeScript merges the
   * DOM's members over Node's (`url.hostname`, `signal.aborted` are declared by lib.dom.d.ts only),
   * and electron's over Node's `process`, so such a member is judged by its object: Node declares
   * URL, the global `performance` and `AbortSignal` too. Only the language's own declarations of the
   * object do not count.
   * @param {ts.Expression} object
   */
  const ownerAllowed = (object) => {
    const global = declarationFiles(checker.getSymbolAtLocation(object)).filter((fileName) =>
      /^(dom|node|npm:)/.test(originOf(fileName, root, layers)),
    );
    if (global.length > 0 && allowed(global)) return true;
    const type = checker.getNonNullableType(checker.getTypeAtLocation(object));
    return (type.isUnion() ? type.types : [type]).every((part) => {
      const owner = declarationFiles(checker.getApparentType(part).getSymbol()).filter(
        (fileName) => originOf(fileName, root, layers) !== 'es',
      );
      return owner.length > 0 && allowed(owner);
    });
  };

  /**
   * Reports `node` if what it names is out of bounds; says whether it did.
   * @param {ts.Node} node @param {ts.Symbol | undefined} symbol @param {string} name
   * @param {ts.Expression} [object] the object `node` is a member of
   */
  const judge = (node, symbol, name, object) => {
    const declaredIn = declarationFiles(symbol);
    if (declaredIn.length === 0 || allowed(declaredIn)) return false;
    // What only @types/node declares is Node's own (`import.meta.dirname`, a Buffer's methods).
    const nodeOnly = declaredIn.every((fileName) => originOf(fileName, root, layers) === 'node');
    if (object && !nodeOnly && ownerAllowed(object)) return false;
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    violations.push({
      file: path,
      line: line + 1,
      column: character + 1,
      layer: layer.name,
      symbol: name,
      declaredIn: posix.relative(root, declaredIn[0] ?? ''),
    });
    return true;
  };

  /** @param {ts.Node} node @returns {boolean} whether anything in `node` was reported */
  const visit = (node) => {
    if (ts.isStringLiteralLike(node) && isModuleName(node)) {
      return judge(node, checker.getSymbolAtLocation(node), node.text);
    }
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      // `{ process }` names a property; the value it is made from is what counts.
      const symbol =
        ts.isShorthandPropertyAssignment(parent) && parent.name === node
          ? checker.getShorthandAssignmentValueSymbol(parent)
          : checker.getSymbolAtLocation(node);
      return judge(node, symbol, node.text);
    }
    // In `process.env` or `NodeJS.Timeout`, once the left side is reported the right one is the
    // same mistake again.
    if (ts.isPropertyAccessExpression(node)) {
      return (
        visit(node.expression) ||
        judge(node.name, checker.getSymbolAtLocation(node.name), node.name.text, node.expression)
      );
    }
    if (ts.isQualifiedName(node)) return visit(node.left) || visit(node.right);
    let reported = false;
    ts.forEachChild(node, (child) => {
      if (visit(child)) reported = true;
    });
    return reported;
  };
  visit(sourceFile);
  return violations;
}

/** `file:line:col  layer  symbol  declared in <file>` */
export function formatViolation(/** @type {Violation} */ violation) {
  const { file, line, column, layer, symbol, declaredIn } = violation;
  return `${file}:${line}:${column}  ${layer}  ${symbol}  declared in ${declaredIn}`;
}

/**
 * Drops the violations an allowance names (by file and symbol, so it survives edits that move
 * lines), and returns the allowances that matched nothing: those should go.
 * @param {Violation[]} violations @param {Allowance[]} allowances
 */
export function applyAllowances(violations, allowances) {
  const matches = (/** @type {Allowance} */ allowance, /** @type {Violation} */ violation) =>
    allowance.file === violation.file && allowance.symbol === violation.symbol;
  return {
    violations: violations.filter((violation) => !allowances.some((allowance) => matches(allowance, violation))),
    unused: allowances.filter((allowance) => !violations.some((violation) => matches(allowance, violation))),
  };
}
