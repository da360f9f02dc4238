/*
 * The API table's names for the preload, written in at build time by `build/api-names.ts` (the
 * electron-vite config, and the Vitest config for tests): importing the table itself would bundle zod
 * and every schema into the sandboxed preload (~190 kB instead of ~2 kB).
 */
declare const __WEBNOVA_API_NAMES__: { methods: readonly string[]; events: readonly string[] };

export const bridgeMethodNames: readonly string[] = __WEBNOVA_API_NAMES__.methods;
export const bridgeEventNames: readonly string[] = __WEBNOVA_API_NAMES__.events;

export const callChannel = (method: string): string => `webnova:call:${method}`;
export const cancelChannel = 'webnova:cancel';
export const eventChannel = (event: string): string => `webnova:event:${event}`;
