export const repo: string;
/** The exact Node version the project fetches on a machine whose Node is older than `engines`. */
export const pinnedNodeVersion: string;
export function say(message: string): void;
export function run(command: string, args: string[], options?: import('node:child_process').SpawnSyncOptions): number;
export function minimumNode(): [number, number];
export function nodeSatisfies(version: string, minimum: [number, number]): boolean;
/** Where the pinned Node lives once fetched. */
export function pinnedNodeDir(): string;
export function pinnedNode(options?: { log?: (message: string) => void }): string;
export function nodeEnvironment(dir: string, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function useSupportedNode(): Promise<void>;
export function ensureInstalled(): void;
export function electronBinary(): string | null;
export function ensureElectronBinary(): { ok: true } | { ok: false; reason: string };
export function ensureBuilt(options?: { force?: boolean }): void;
