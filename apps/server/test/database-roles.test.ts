import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, INSTALLATION_ROLE } from '../src/db/database.js';
import { openPostgres } from '../src/db/postgres.js';
import { emptyPostgresDatabase, postgresTestDatabase, type TestDatabase } from './support/databases.js';
import { ROLE_ESCAPES, tenantsSeenAfter } from './support/role-escapes.js';

describe('the PostgreSQL roles the server serves as', () => {
  let testDb: TestDatabase & { url: string };
  let tenantA: string;

  beforeAll(async () => {
    testDb = await postgresTestDatabase();
    const ids = await testDb.db.transaction('installation', async (tx) => {
      const made: string[] = [];
      for (const name of ['A', 'B']) {
        const [tenant] = await tx.query<{ id: string }>('insert into tenants (name) values ($1) returning id', [name]);
        if (!tenant) throw new Error('no tenant');
        await tx.query("insert into users (tenant_id, email, role) values ($1, $2, 'owner')", [
          tenant.id,
          `owner@${name.toLowerCase()}.example`,
        ]);
        made.push(tenant.id);
      }
      return made;
    });
    tenantA = ids[0] as string;
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('logs in as webnova_app and webnova_installation: no superuser, no BYPASSRLS, owning nothing', async () => {
    for (const scope of ['installation', { tenantId: tenantA }] as const) {
      const [me] = await testDb.db.transaction(scope, (tx) =>
        tx.query<{ session: string; current: string; superuser: boolean; bypass: boolean }>(
          `select session_user as session, current_user as current, r.rolsuper as superuser, r.rolbypassrls as bypass
             from pg_roles r where r.rolname = session_user`,
        ),
      );
      const role = scope === 'installation' ? INSTALLATION_ROLE : APP_ROLE;
      expect(me).toEqual({ session: role, current: role, superuser: false, bypass: false });
    }
  });

  it("gains nothing from reset role, set role or set session authorization inside a tenant's transaction", async () => {
    for (const statement of ROLE_ESCAPES) {
      const seen = await tenantsSeenAfter(testDb.db, tenantA, statement);
      if (seen instanceof Error)
        expect({ statement, error: seen.message }).toMatchObject({ error: /permission denied/ });
      else expect({ statement, seen }).toEqual({ statement, seen: [tenantA] });
    }
  });

  it('migrates with DATABASE_MIGRATION_URL and serves as webnova_app with the password DATABASE_URL gives', async () => {
    const serving = new URL(testDb.url);
    serving.username = APP_ROLE;
    serving.password = 'a serving password';
    const db = await openPostgres(serving.href, { migrationUrl: testDb.url });
    try {
      expect(await tenantsSeenAfter(db, tenantA, 'reset role')).toEqual([tenantA]);
    } finally {
      await db.close();
    }
    // Serving only, once migrated: replicas start with DATABASE_URL alone.
    const replica = await openPostgres(serving.href);
    await replica.close();
    const wrongUser = new URL(serving.href);
    wrongUser.username = 'postgres';
    await expect(openPostgres(wrongUser.href, { migrationUrl: testDb.url })).rejects.toThrow(
      /must log in as webnova_app/,
    );
  });

  it('replicas that start together on a new database migrate one at a time, and all serve', async () => {
    const empty = await emptyPostgresDatabase();
    const serving = new URL(empty.url);
    serving.username = APP_ROLE;
    serving.password = 'a serving password';
    try {
      const replicas = await Promise.all([1, 2, 3].map(() => openPostgres(serving.href, { migrationUrl: empty.url })));
      for (const replica of replicas) {
        const rows = await replica.transaction('installation', (tx) => tx.query('select id from tenants'));
        expect(rows).toEqual([]);
        await replica.close();
      }
    } finally {
      await empty.drop();
    }
  });
});
