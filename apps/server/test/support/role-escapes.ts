import { type Database, INSTALLATION_ROLE } from '../../src/db/database.js';

/** What a statement slipped into a tenant's transaction could try, to leave the tenant's rows. */
export const ROLE_ESCAPES = [
  'reset role',
  'set role postgres',
  `set role ${INSTALLATION_ROLE}`,
  'set session authorization postgres',
  'reset session authorization',
  "select set_config('role', 'postgres', true)",
  `select set_config('role', '${INSTALLATION_ROLE}', false)`,
] as const;

/** The tenant ids a tenant transaction sees after `statement`, or the error it met. */
export async function tenantsSeenAfter(db: Database, tenantId: string, statement: string): Promise<string[] | Error> {
  try {
    return await db.transaction({ tenantId }, async (tx) => {
      await tx.query(statement);
      const rows = await tx.query<{ tenant_id: string }>('select tenant_id from users');
      const tenants = await tx.query<{ id: string }>('select id from tenants');
      return [...new Set([...rows.map((row) => row.tenant_id), ...tenants.map((row) => row.id)])].sort();
    });
  } catch (error) {
    return error as Error;
  }
}
