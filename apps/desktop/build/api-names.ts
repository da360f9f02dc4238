import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

/**
 * The API table's names as the preload receives them: written into its bundle at build time (and into
 * the test run), so the sandboxed preload carries a 2 kB list instead of zod and every schema, and no
 * hand copy can drift from the table. The contracts are TypeScript source: Vite's module runner loads them.
 */
export async function apiNamesDefine(): Promise<Record<string, string>> {
  const contracts = fileURLToPath(import.meta.resolve('@webnova/core/contracts'));
  const { module } = await runnerImport<typeof import('@webnova/core/contracts')>(contracts);
  return { __WEBNOVA_API_NAMES__: JSON.stringify({ methods: module.methodNames, events: module.eventNames }) };
}
