// @ts-check
/**
 * WebNova's layers: which folder runs where, and whose declarations its code may use.
 * docs/ARCHITECTURE.md "Layer rules" explains the table; check-layers.mjs enforces it.
 *
 * - `environment`: `browser` code may not use what @types/node declares, `node` code may not use
 *   the DOM, `common` code (shipped to both) neither.
 * - `uses`: the other layers whose declarations it may use (its own always). `package` stands for
 *   the files of its own workspace package outside every layer: its package.json, samples.
 * - `packages`: the npm packages it may use, as a list; or `{ except }`, every package but those.
 * - `files`: files outside `folder` that belong to the layer too (a feature's `contract.ts`, which
 *   lives in the feature's folder but ships to the renderer with the rest of the contracts).
 *
 * @typedef {'node' | 'browser' | 'common'} Environment
 * @typedef {{ name: string, folder: string, files?: RegExp, environment: Environment, uses: string[],
 *   packages: string[] | { except: string[] } }} Layer
 */

const notInNode = ['electron', 'react', 'react-dom'];

/** Most specific first: a file belongs to the first layer whose `files` name it or whose folder holds it. */
/** @type {Layer[]} */
export const layers = [
  {
    name: 'contracts',
    folder: 'packages/core/src/contracts/',
    files: /^packages\/core\/src\/(?:.+\/)?contract\.ts$/,
    environment: 'common',
    uses: [],
    packages: ['zod'],
  },
  {
    name: 'core',
    folder: 'packages/core/src/',
    environment: 'node',
    uses: ['contracts', 'package'],
    packages: { except: notInNode },
  },
  {
    name: 'ui',
    folder: 'packages/ui/src/',
    environment: 'browser',
    uses: ['contracts'],
    packages: { except: ['electron'] },
  },
  {
    name: 'preload',
    folder: 'apps/desktop/src/preload/',
    environment: 'browser',
    uses: ['contracts'],
    packages: ['electron'],
  },
  {
    name: 'renderer',
    folder: 'apps/desktop/src/renderer/',
    environment: 'browser',
    uses: ['ui', 'contracts', 'shared'],
    packages: { except: ['electron'] },
  },
  {
    name: 'main',
    folder: 'apps/desktop/src/main/',
    environment: 'node',
    uses: ['core', 'contracts', 'shared'],
    packages: { except: ['react', 'react-dom'] },
  },
  {
    name: 'host',
    folder: 'apps/desktop/src/host/',
    environment: 'node',
    uses: ['core', 'contracts', 'shared'],
    packages: { except: notInNode },
  },
  {
    name: 'cli',
    folder: 'apps/desktop/src/cli/',
    environment: 'node',
    uses: ['host', 'core', 'contracts', 'shared'],
    packages: { except: notInNode },
  },
  { name: 'shared', folder: 'apps/desktop/src/shared/', environment: 'common', uses: ['package'], packages: [] },
  {
    name: 'server',
    folder: 'apps/server/src/',
    environment: 'node',
    uses: ['core', 'contracts', 'package'],
    packages: { except: notInNode },
  },
];
