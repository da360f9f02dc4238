import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog, defaultDataDir, EventStore, findMigrationsFolder } from '@webnova/core';
import type { AuditVerification, MethodOutput } from '@webnova/core/contracts';
import { CliError } from './json-file.js';
import { withCore } from './sync.js';

export const auditUsage = `  audit verify [--tenant] [--data-dir DIR] [--json]
      Recompute the audit chain (SHA-256, entry by entry) and name the first broken entry.
      --tenant: sync, then verify the tenant's chain read from the governance server, every device's
      entries it records against the tenant log, and this device's own chain against it (signed in,
      with audit.read). Exits 1 when a chain is broken. Stop the app using DIR first (one writer).
`;

function describeTenant(report: MethodOutput<'sync.verifyTenantAudit'>): string {
  const counts =
    `the tenant's chain: ${report.tenant.count} entries, ${report.evidence} of them recording entries of ` +
    `${report.devices} device registrations; this device's log: ${report.local.count} entries, ` +
    `${report.local.held} of them in the tenant's chain.`;
  if (!report.problem) return `The tenant's audit chain verifies: ${counts}`;
  return `The tenant's audit story is broken (${report.problem.part}): ${report.problem.reason}\nRead: ${counts}`;
}

function describe(result: AuditVerification, dataDir: string): string {
  if (result.ok) {
    return `The audit log in ${dataDir} verifies: ${result.count} entries, head ${result.headHash}.`;
  }
  return `The audit log in ${dataDir} is broken at entry ${result.brokenAt} (${result.problem}): ${result.reason}`;
}

/** `webnova audit verify`: recomputes the chain from the store in the data folder. */
export async function auditCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') throw new CliError(`usage: webnova audit verify [--tenant] [--data-dir DIR] [--json]`, 2);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      tenant: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new CliError(`webnova audit verify: unexpected argument "${positionals[0]}"`, 2);
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : defaultDataDir();
  if (values.tenant) {
    // Through core's API: the device's credential stays in core.
    const report = await withCore(dataDir, (call) => call('sync.verifyTenantAudit', {}));
    console.log(values.json ? JSON.stringify({ dataDir, ...report }) : describeTenant(report));
    return report.ok ? 0 : 1;
  }
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
