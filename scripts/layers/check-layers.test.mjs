// @ts-check
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { applyAllowances, checkLayers } from './check-layers.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** @type {string[]} */
const trees = [];

afterAll(() => {
  for (const tree of trees) rmSync(tree, { recursive: true, force: true });
});

/**
 * A small repository laid out like WebNova's, checked with the real layer table. zod and @types/node
 * are the repository's own; `@webnova/core` is the tree's packages/core, reached through its
 * package.json exports as the real one is.
 * @param {Record<string, string>} files
 */
function check(files) {
  const root = mkdtempSync(join(tmpdir(), 'webnova-layers-'));
  trees.push(root);
  const all = {
    'packages/core/package.json': JSON.stringify({
      name: '@webnova/core',
      type: 'module',
      exports: {
        '.': './src/index.ts',
        './contracts': './src/contracts/index.ts',
        './audit-chain': './src/governance/audit-chain.ts',
      },
    }),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(join(root, 'node_modules', '@types'), { recursive: true });
  mkdirSync(join(root, 'node_modules', '@webnova'), { recursive: true });
  symlinkSync(join(repo, 'node_modules', 'zod'), join(root, 'node_modules', 'zod'));
  symlinkSync(join(repo, 'node_modules', '@types', 'node'), join(root, 'node_modules', '@types', 'node'));
  symlinkSync(join(root, 'packages', 'core'), join(root, 'node_modules', '@webnova', 'core'));
  // What a violation is, without the machine's paths or the file @types/node keeps a name in this
  // year: `file:line:col layer symbol ← where`.
  const where = (/** @type {string} */ declaredIn) =>
    declaredIn.replace(/^.*node_modules\//, '').replace(/^@types\/node\/.*/, '@types/node');
  return checkLayers({ root }).map(
    (v) => `${v.file}:${v.line}:${v.column} ${v.layer} ${v.symbol} ← ${where(v.declaredIn)}`,
  );
}

const auditChain = `import { createHash } from 'node:crypto';
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
`;

describe('the layer checker', () => {
  it('finds every kind of violation, each once, where it is written', { timeout: 120_000 }, () => {
    const found = check({
      // Node's globals in the UI; the member read from them is the same mistake, reported once.
      'packages/ui/src/node-globals.ts': `export const home = process.env.HOME;
export const bytes = Buffer.from('x').toString('base64');
export const here = import.meta.dirname;
`,
      // Modules a name list missed: a bare side-effect import, \`events\`, \`fs/promises\`.
      'packages/ui/src/node-modules.ts': `import 'node:events';
import { EventEmitter } from 'events';
import { readFile } from 'fs/promises';
export const emitter = new EventEmitter();
export const read = readFile;
`,
      // A core subpath, and a contracts re-export of the same Node-using function.
      'packages/ui/src/core-subpath.ts': `import { sha256 } from '@webnova/core/audit-chain';
import { sha256 as digest } from '@webnova/core/contracts';
export const digests = [sha256('a'), digest('b')];
`,
      'packages/core/src/governance/audit-chain.ts': auditChain,
      'packages/core/src/contracts/index.ts': `export { sha256 } from '../governance/audit-chain.js';
export * from './upload.js';
`,
      // Contracts: zod is fine; Node's module is not, nor Buffer in a type position.
      'packages/core/src/contracts/upload.ts': `import type { Stats } from 'node:fs';
import { z } from 'zod';
export const Upload = z.object({ name: z.string() });
export interface UploadData { bytes: Buffer; stats: Stats }
`,
      // A feature's contract lives in its folder but is a contracts file: no Node, no core beside it.
      'packages/core/src/runtime/jobs/contract.ts': `import { cpus } from 'node:os';
import { z } from 'zod';
import { limit } from './runner.js';
export const Jobs = z.object({ count: z.number().max(cpus().length * limit) });
`,
      'packages/core/src/runtime/jobs/runner.ts': 'export const limit = 4;\n',
      // The DOM in core and in the server.
      'packages/core/src/dom.ts': `export const title = document.title;
export function focus(element: HTMLElement): void {
  element.focus();
}
`,
      'apps/server/src/dom.ts': 'export const where = window.location.href;\n',
      // The sandboxed preload has no Node; the renderer may not reach into the web host's folder.
      'apps/desktop/src/preload/index.ts': "import { sep } from 'node:path';\nexport const separator = sep;\n",
      'apps/desktop/src/host/names.ts': "export const API_PATH = '/api';\n",
      'apps/desktop/src/renderer/transport.ts':
        "import { API_PATH } from '../host/names.js';\nexport const path = API_PATH;\n",
    });
    expect(found).toEqual([
      'apps/desktop/src/preload/index.ts:1:10 preload sep ← @types/node',
      'apps/desktop/src/preload/index.ts:1:21 preload node:path ← @types/node',
      'apps/desktop/src/preload/index.ts:2:26 preload sep ← @types/node',
      'apps/desktop/src/renderer/transport.ts:1:10 renderer API_PATH ← apps/desktop/src/host/names.ts',
      'apps/desktop/src/renderer/transport.ts:1:26 renderer ../host/names.js ← apps/desktop/src/host/names.ts',
      'apps/desktop/src/renderer/transport.ts:2:21 renderer API_PATH ← apps/desktop/src/host/names.ts',
      'apps/server/src/dom.ts:1:22 server window ← typescript/lib/lib.dom.d.ts',
      'packages/core/src/contracts/index.ts:1:10 contracts sha256 ← packages/core/src/governance/audit-chain.ts',
      'packages/core/src/contracts/index.ts:1:24 contracts ../governance/audit-chain.js ← packages/core/src/governance/audit-chain.ts',
      'packages/core/src/contracts/upload.ts:1:15 contracts Stats ← @types/node',
      'packages/core/src/contracts/upload.ts:1:28 contracts node:fs ← @types/node',
      'packages/core/src/contracts/upload.ts:4:38 contracts Buffer ← @types/node',
      'packages/core/src/contracts/upload.ts:4:53 contracts Stats ← @types/node',
      'packages/core/src/dom.ts:1:22 core document ← typescript/lib/lib.dom.d.ts',
      'packages/core/src/dom.ts:2:32 core HTMLElement ← typescript/lib/lib.dom.d.ts',
      'packages/core/src/dom.ts:3:11 core focus ← typescript/lib/lib.dom.d.ts',
      'packages/core/src/runtime/jobs/contract.ts:1:10 contracts cpus ← @types/node',
      'packages/core/src/runtime/jobs/contract.ts:1:22 contracts node:os ← @types/node',
      'packages/core/src/runtime/jobs/contract.ts:3:10 contracts limit ← packages/core/src/runtime/jobs/runner.ts',
      'packages/core/src/runtime/jobs/contract.ts:3:23 contracts ./runner.js ← packages/core/src/runtime/jobs/runner.ts',
      'packages/core/src/runtime/jobs/contract.ts:4:54 contracts cpus ← @types/node',
      'packages/core/src/runtime/jobs/contract.ts:4:70 contracts limit ← packages/core/src/runtime/jobs/runner.ts',
      'packages/ui/src/core-subpath.ts:1:10 ui sha256 ← packages/core/src/governance/audit-chain.ts',
      'packages/ui/src/core-subpath.ts:1:24 ui @webnova/core/audit-chain ← packages/core/src/governance/audit-chain.ts',
      'packages/ui/src/core-subpath.ts:2:10 ui sha256 ← packages/core/src/governance/audit-chain.ts',
      'packages/ui/src/core-subpath.ts:2:20 ui digest ← packages/core/src/governance/audit-chain.ts',
      'packages/ui/src/core-subpath.ts:3:25 ui sha256 ← packages/core/src/governance/audit-chain.ts',
      'packages/ui/src/core-subpath.ts:3:38 ui digest ← packages/core/src/governance/audit-chain.ts',
      'packages/ui/src/node-globals.ts:1:21 ui process ← @types/node',
      'packages/ui/src/node-globals.ts:2:22 ui Buffer ← @types/node',
      'packages/ui/src/node-globals.ts:3:33 ui dirname ← @types/node',
      'packages/ui/src/node-modules.ts:1:8 ui node:events ← @types/node',
      'packages/ui/src/node-modules.ts:2:10 ui EventEmitter ← @types/node',
      'packages/ui/src/node-modules.ts:2:30 ui events ← @types/node',
      'packages/ui/src/node-modules.ts:3:10 ui readFile ← @types/node',
      'packages/ui/src/node-modules.ts:3:26 ui fs/promises ← @types/node',
      'packages/ui/src/node-modules.ts:4:28 ui EventEmitter ← @types/node',
      'packages/ui/src/node-modules.ts:5:21 ui readFile ← @types/node',
    ]);
  });

  it('passes code that keeps to its layer, including what both runtimes have', { timeout: 120_000 }, () => {
    const found = check({
      'packages/core/src/contracts/index.ts': "export * from './message.js';\nexport * from './kind.js';\n",
      'packages/core/src/contracts/kind.ts': "import { z } from 'zod';\nexport const Kind = z.enum(['a', 'b']);\n",
      'packages/core/src/contracts/message.ts': `import { z } from 'zod';
import { Kind } from './kind.js';
export const Message = z.object({
  url: z.string().refine((value) => new URL(value).protocol === 'https:'),
  kind: Kind,
});
export const encoded = new TextEncoder().encode('x');
`,
      // Node in core, and globals whose TypeScript members come from the DOM once both are loaded.
      'packages/core/src/governance/audit-chain.ts': auditChain,
      'packages/core/src/clock.ts': `import { readFile } from 'node:fs/promises';
export const started = performance.now();
export const deadline = AbortSignal.timeout(1000);
export const host = new URL('http://localhost').hostname;
export async function size(path: string): Promise<number> {
  return (await readFile(path)).byteLength + process.pid;
}
`,
      'packages/ui/src/view.ts': `import { Message } from '@webnova/core/contracts';
export const timer: ReturnType<typeof setTimeout> = setTimeout(() => {}, 1);
export const parsed = Message.safeParse({});
export const title = document.title;
export async function load(url: string): Promise<string> {
  return (await fetch(url)).text();
}
`,
      'apps/server/src/digest.ts': `import { sha256 } from '@webnova/core/audit-chain';
export const digest = sha256('x');
`,
    });
    expect(found).toEqual([]);
  });
});

describe('allowances', () => {
  const violation = { file: 'a.ts', line: 3, column: 1, layer: 'ui', symbol: 'process', declaredIn: 'process.d.ts' };

  it('drop what they name, by file and symbol, and name the ones that match nothing', () => {
    const allowances = [
      { file: 'a.ts', symbol: 'process', reason: 'moves to core with the refactor' },
      { file: 'b.ts', symbol: 'Buffer', reason: 'gone already' },
    ];
    expect(applyAllowances([violation, { ...violation, symbol: 'Buffer' }], allowances)).toEqual({
      violations: [{ ...violation, symbol: 'Buffer' }],
      unused: [allowances[1]],
    });
  });
});
