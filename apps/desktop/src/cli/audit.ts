import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog, defaultDataDir, EventStore, findMigrationsFolder } from '@webnova/core';
import type { AuditVerification } from '@webnova/core/contracts';
import { CliError } from './json-file.js';

export const auditUsage = `  audit verify [--data-dir DIR] [--json]
      Recompute the audit chain (SHA-256, entry by entry) and name the first broken entry.
      Exits 1 when the chain is broken. Stop the app using DIR first (its store has one writer).
`;

function describe(result: AuditVerification, dataDir: string): string {
  if (result.ok) {
    return `The audit log in ${dataDir} verifies: ${result.count} entries, head ${result.headHash}.`;
  }
  return `The audit log in ${dataDir} is broken at entry ${result.brokenAt} (${result.problem}): ${result.reason}`;
}

/** `webnova audit verify`: recomputes the chain from the store in the data folder. */
export async function auditCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') throw new CliError(`usage: webnova audit verify [--data-dir DIR] [--json]`, 2);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length) throw new CliError(`webnova audit verify: unexpected argument "${positionals[0]}"`, 2);
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  if (!existsSync(join(dataDir, 'store'))) {
    throw new CliError(`webnova audit verify: there is no store in ${dataDir}`, 2);
  }
  const store = await EventStore.open(dataDir, { migrationsFolder: findMigrationsFolder() });
  let result: AuditVerification;
  try {
    result = await new AuditLog(store).verify();
  } finally {
    await store.close();
  }
  console.log(values.json ? JSON.stringify({ dataDir, ...result }) : describe(result, dataDir));
  return result.ok ? 0 : 1;
}
