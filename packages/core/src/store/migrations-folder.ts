import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultMigrationsFolder } from './database.js';

const hasJournal = (folder: string) => existsSync(join(folder, 'meta', '_journal.json'));

/**
 * Where the drizzle migrations are at run time: next to the sources (`packages/core/drizzle`), or, in a
 * bundled app where `import.meta.url` is the bundle's, the copy shipped beside it (`drizzle/` next to
 * the bundle or one folder up). The desktop build copies the folder to `out/main/drizzle`.
 */
export function findMigrationsFolder(): string {
  const candidates = [
    defaultMigrationsFolder,
    fileURLToPath(new URL('./drizzle', import.meta.url)),
    fileURLToPath(new URL('../drizzle', import.meta.url)),
  ];
  const found = candidates.find(hasJournal);
  if (!found) throw new Error(`The store's migrations are missing; looked in ${candidates.join(', ')}.`);
  return found;
}
