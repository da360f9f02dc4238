// The governance server on loopback: authenticated GET requests per second and their p99 latency
// (autocannon), against the real binary on PostgreSQL. Each request checks its session in the database
// and reads under row-level security. Three rounds each; medians reported.
import autocannon from 'autocannon';
import { createDatabase, startServer } from '../apps/server/scripts/bench-server.mjs';
import { report, summarize } from './lib.mjs';

const ROUNDS = 3;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;

const database = await createDatabase();
const server = await startServer(database.url);
try {
  const tenant = await server.api('POST', '/tenants', server.rootToken, { name: 'Bench clinic' });
  const owner = await server.person(server.rootToken, tenant.id, 'owner@bench.example', 'owner');
  for (let index = 0; index < 20; index++) {
    await server.api('POST', `/tenants/${tenant.id}/decisions`, owner.token, {
      kind: 'file.write',
      rationale: `bench decision ${index}`,
      payload: { path: `src/page-${index}.tsx` },
      risk: 'low',
    });
  }
  const routes = { 'auth-me': '/auth/me', 'pending-decisions': `/tenants/${tenant.id}/decisions` };
  for (const [name, path] of Object.entries(routes)) {
    const rates = [];
    const p99s = [];
    let errors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const result = await autocannon({
        url: `${server.base}${path}`,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { authorization: `Bearer ${owner.token}` },
      });
      rates.push(result.requests.average);
      p99s.push(result.latency.p99);
      errors += result.errors + result.non2xx;
    }
    report('server-http', `GET ${name} requests per second`, 'req/s', { ...summarize(rates), target: 5000, errors });
    report('server-http', `GET ${name} p99 latency`, 'ms', {
      ...summarize(p99s),
      target: 20,
      connections: CONNECTIONS,
    });
  }
} finally {
  await server.stop();
  await database.drop();
}
