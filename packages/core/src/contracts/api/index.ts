import type { z } from 'zod';
import { aiEvents, aiMethods } from './ai.js';
import { blueprintEvents, blueprintMethods } from './blueprint.js';
import { foundationEvents, foundationMethods } from './foundation.js';
import { gitEvents, gitMethods } from './git.js';
import { governanceEvents, governanceMethods } from './governance.js';
import { tasksEvents, tasksMethods } from './tasks.js';
import { terminalEvents, terminalMethods } from './terminal.js';

export * from './governance.js';
export { DEFAULT_CALL_TIMEOUT_MS, type MethodOptions, type MethodSpec, method } from './method.js';
export * from './tasks.js';

/**
 * The one API of WebNova's core. Every method and event stream is declared once, in the part of
 * the table its feature owns; the Electron IPC bridge, the WebSocket host and the UI's CoreClient
 * are all derived from the whole table.
 */
export const coreMethods = {
  ...foundationMethods,
  ...blueprintMethods,
  ...gitMethods,
  ...terminalMethods,
  ...tasksMethods,
  ...governanceMethods,
  ...aiMethods,
} as const;

export const coreEvents = {
  ...foundationEvents,
  ...blueprintEvents,
  ...gitEvents,
  ...terminalEvents,
  ...tasksEvents,
  ...governanceEvents,
  ...aiEvents,
} as const;

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
