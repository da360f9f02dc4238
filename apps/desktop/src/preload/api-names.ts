/*
 * The API table's names for the preload, as plain strings: importing the table itself would
 * bundle zod and every schema into the sandboxed preload (~190 kB instead of ~2 kB).
 * test/electron/preload-names.test.ts fails, printing the new list, whenever these drift from
 * `methodNames`, `eventNames` and `ipcChannel` in @webnova/core/contracts.
 */
export const bridgeMethodNames: readonly string[] = [
  'app.info',
  'settings.get',
  'settings.update',
  'system.listFolders',
  'workspace.open',
  'workspace.close',
  'workspace.current',
  'workspace.recent',
  'workspace.files',
  'workspace.session',
  'workspace.saveSession',
  'fs.list',
  'fs.stat',
  'fs.read',
  'fs.write',
  'fs.create',
  'fs.rename',
  'fs.delete',
  'search.text',
];

export const bridgeEventNames: readonly string[] = ['fs.changed', 'workspace.changed', 'settings.changed'];

export const callChannel = (method: string): string => `webnova:call:${method}`;
export const eventChannel = (event: string): string => `webnova:event:${event}`;
