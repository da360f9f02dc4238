import type { PlatformModel } from '../model/platform.js';
import { lines } from '../project.js';

/** The API workspace's scripts: `src/server.ts` (from serverEntrySource) run by tsx, Vitest, tsc. */
export const apiScripts: Record<string, string> = {
  dev: 'tsx watch src/server.ts',
  start: 'tsx src/server.ts',
  test: 'vitest run',
  typecheck: 'tsc -p tsconfig.json',
};

/**
 * `api/src/server.ts` for any stack: checks the encryption key (HIPAA), opens the database
 * (DATABASE_URL, else PGlite in api/.data), migrates, then runs the stack's `listen` and, on
 * SIGINT/SIGTERM, its `stop` before closing the database.
 */
export function serverEntrySource(model: PlatformModel, listen: string[], stop: string): string {
  const checksKey = model.controls.phiEncryption;
  return lines(
    '// Starts the API: opens the database (DATABASE_URL, else PGlite in api/.data), migrates, listens.',
    "import { createApp } from './app.js';",
    "import { prepareSetup } from './auth/setup.js';",
    checksKey && "import { checkEncryptionKey } from './compliance/field-crypto.js';",
    "import { openDatabase } from './db/client.js';",
    "import { migrate } from './db/migrate.js';",
    '',
    checksKey && 'checkEncryptionKey();',
    "const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: process.env.PGLITE_DIR ?? '.data' });",
    'await migrate(database);',
    '// A platform without accounts waits for its first owner: only who reads this output gets the token.',
    'const setupToken = await prepareSetup(database.db);',
    'if (setupToken) {',
    "  console.log('No account yet. Create the first owner in the web app with the one-time setup token ' + setupToken);",
    "  console.log('  (or open the web app at #/setup/' + setupToken + ')');",
    '}',
    "const host = process.env.HOST ?? '127.0.0.1';",
    'const port = Number(process.env.PORT ?? 3000);',
    listen,
    '',
    "for (const signal of ['SIGINT', 'SIGTERM'] as const) {",
    '  process.once(signal, () => {',
    `    void Promise.resolve(${stop})`,
    '      .then(() => database.close())',
    '      .finally(() => process.exit(0));',
    '  });',
    '}',
  );
}
