import type { z } from 'zod';
import { foundationContract } from '../../api/contract.js';
import { blueprintContract } from '../../blueprint/contract.js';
import { governanceContract } from '../../governance/contract.js';
import { aiContract } from '../../orchestrator/contract.js';
import { sandboxContract } from '../../runtime/sandbox/contract.js';
import { tasksContract } from '../../runtime/tasks/contract.js';
import { terminalContract } from '../../runtime/terminal/contract.js';
import { syncContract } from '../../sync/contract.js';
import { gitContract } from '../../workspace/git/contract.js';
import { gitRemoteContract } from '../../workspace/git/remote/contract.js';
import type { FeatureContract } from './method.js';

export * from '../../governance/contract.js';
export * from '../../runtime/sandbox/contract.js';
export * from '../../runtime/tasks/contract.js';
export {
  type AnyMethodSpec,
  DEFAULT_CALL_TIMEOUT_MS,
  type FeatureContract,
  featureContract,
  type MethodOptions,
  type MethodSpec,
  method,
} from './method.js';

/**
 * Every feature's contract, each registered once (one line a feature). The one API of WebNova's
 * core is their union: the Electron IPC bridge, the WebSocket host, the UI's CoreClient and core's
 * handler map are all derived from it, and core's feature list must cover every contract here.
 */
export const featureContracts = [
  foundationContract,
  blueprintContract,
  gitContract,
  terminalContract,
  tasksContract,
  sandboxContract,
  governanceContract,
  aiContract,
  syncContract,
  gitRemoteContract,
] as const;

type Contracts = (typeof featureContracts)[number];
type Intersection<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never;

/** Merges features' tables, refusing a name two features declare (the second would hide the first). */
export function mergeContracts(
  contracts: readonly FeatureContract[],
  part: 'methods' | 'events',
): Record<string, unknown> {
  const table: Record<string, unknown> = {};
  for (const contract of contracts) {
    for (const [name, row] of Object.entries(contract[part])) {
      if (Object.hasOwn(table, name)) throw new Error(`API table: "${name}" is declared twice (${contract.name})`);
      table[name] = row;
    }
  }
  return table;
}

export const coreMethods = mergeContracts(featureContracts, 'methods') as Intersection<Contracts['methods']>;
export const coreEvents = mergeContracts(featureContracts, 'events') as Intersection<Contracts['events']>;

export type CoreMethods = typeof coreMethods;
export type CoreEvents = typeof coreEvents;
export type MethodName = keyof CoreMethods;
export type EventName = keyof CoreEvents;
export type MethodInput<M extends MethodName> = z.input<CoreMethods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<CoreMethods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<CoreMethods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<CoreEvents[E]>;

export const methodNames = Object.keys(coreMethods) as MethodName[];
export const eventNames = Object.keys(coreEvents) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(coreMethods, name);
}
