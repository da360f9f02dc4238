// The cost of row-level security on the real PostgreSQL, over 1M decisions in 100 tenants: the same
// tenant queries run as webnova_app under the tenant policies and as the tables' owner (a superuser,
// which RLS does not bind), in one framing (transaction, scope settings), alternating, on random
// tenants. Figures: p95 (and median) latency of each, and RLS's overhead at p95. Three rounds; medians.
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';
import { createDatabase } from '../apps/server/scripts/bench-server.mjs';
import { percentile, report, summarize } from './lib.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const TENANTS = 100;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const ROUNDS = 3;

const { openPostgres } = await tsImport('../apps/server/src/db/postgres.ts', import.meta.url);
const { scopeStatement } = await tsImport('../apps/server/src/db/database.ts', import.meta.url);

const database = await createDatabase('webnova_server_rls_bench');
const owner = new pg.Client({ connectionString: database.url });
try {
  await (await openPostgres(database.url)).close(); // migrate
  await owner.connect();
  const { rows: tenants } = await owner.query(
    `insert into tenants (name) select 'tenant ' || n from generate_series(1, ${TENANTS}) n returning id`,
  );
  const loadStarted = performance.now();
  await owner.query(
    `insert into decisions (id, tenant_id, kind, actor, rationale, payload, risk, status, proposed_at, updated_at)
     select gen_random_uuid(), t.ids[1 + (n % ${TENANTS})], 'file.write', '{"kind":"ai","id":"planner"}',
            'rationale ' || n, jsonb_build_object('path', 'src/file-' || n || '.ts'),
            (array['low','medium','high','critical'])[1 + n % 4],
            (array['pending','approved','rejected','expired','executed'])[1 + (n / 7) % 5],
            now() - (n || ' seconds')::interval, now()
       from generate_series(1, ${ROWS}) n, (select array_agg(id) as ids from tenants) t`,
  );
  await owner.query('analyze');
  report('server-rls', 'rows loaded', 'rows', {
    value: ROWS,
    tenants: TENANTS,
    ms: Math.round(performance.now() - loadStarted),
  });

  const queries = {
    'pending page': `select id, kind, risk, status, proposed_at from decisions
                      where tenant_id = $1 and status = 'pending' order by proposed_at desc limit 50`,
    'count by status': `select status, count(*) from decisions where tenant_id = $1 group by status`,
  };
  const ownerScope = (tenantId) =>
    `select set_config('app.scope', 'tenant', true), set_config('app.tenant_id', '${tenantId}', true)`;
  const timed = async (open, sql, tenantId) => {
    await owner.query(`begin; ${open}`);
    const started = performance.now();
    await owner.query(sql, [tenantId]);
    const ms = performance.now() - started;
    await owner.query('commit');
    return ms;
  };
  for (const [name, sql] of Object.entries(queries)) {
    const withRls = [];
    const without = [];
    const overheads = [];
    for (let round = 0; round < ROUNDS; round++) {
      const a = [];
      const b = [];
      for (let sample = 0; sample < SAMPLES; sample++) {
        const tenantId = tenants[Math.floor(Math.random() * TENANTS)].id;
        // Alternate which goes first, so neither always finds the other's pages cached.
        const first = sample % 2 === 0;
        if (first) a.push(await timed(scopeStatement({ tenantId }), sql, tenantId));
        b.push(await timed(ownerScope(tenantId), sql, tenantId));
        if (!first) a.push(await timed(scopeStatement({ tenantId }), sql, tenantId));
      }
      const p95a = percentile(
        [...a].sort((x, y) => x - y),
        95,
      );
      const p95b = percentile(
        [...b].sort((x, y) => x - y),
        95,
      );
      withRls.push(p95a);
      without.push(p95b);
      overheads.push(((p95a - p95b) / p95b) * 100);
    }
    report('server-rls', `${name}: p95 with row-level security`, 'ms', { ...summarize(withRls), rows: ROWS });
    report('server-rls', `${name}: p95 without (table owner)`, 'ms', { ...summarize(without), rows: ROWS });
    report('server-rls', `${name}: RLS overhead at p95`, '%', {
      ...summarize(overheads),
      target: 10,
      samples: SAMPLES,
    });
  }
} finally {
  await owner.end().catch(() => undefined);
  await database.drop();
}
