// The governance server on loopback: authenticated GET requests per second and their p99 latency,
// against the real binary on PostgreSQL. Each request checks its session in the database and reads
// under row-level security. A warm-up round, then three rounds each; medians reported.
// The load comes from wrk when it is installed (`apt-get install -y wrk`: a C client takes less of the
// two cores from the server), else from autocannon; each figure says which.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { createDatabase, startServer } from '../apps/server/scripts/bench-server.mjs';
import { report, summarize } from './lib.mjs';

const ROUNDS = 3;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const WARM_UP_SECONDS = 5;
const run = promisify(execFile);

async function hasWrk() {
  try {
    await run('wrk', ['--version']);
    return true;
  } catch (error) {
    // wrk prints its version and exits 1; only a missing program is "no".
    return error.code !== 'ENOENT';
  }
}

const MILLISECONDS = { us: 0.001, ms: 1, s: 1000 };

/** One round of load: requests per second, p99 in ms, and how many answers were errors. */
async function wrkRound(url, token, seconds) {
  const { stdout } = await run('wrk', [
    ...['-t', '1', '-c', String(CONNECTIONS), '-d', `${seconds}s`, '--latency'],
    ...['-H', `authorization: Bearer ${token}`, url],
  ]);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const [, value, unit] = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout) ?? [];
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) +
    (/Socket errors: (.*)/.exec(stdout)?.[1]?.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
  if (!Number.isFinite(rate) || !value) throw new Error(`could not read wrk's output:\n${stdout}`);
  return { rate, p99: Number(value) * MILLISECONDS[unit], errors };
}

async function autocannonRound(url, token, seconds) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return { rate: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const tool = (await hasWrk()) ? 'wrk' : 'autocannon';
const round = tool === 'wrk' ? wrkRound : autocannonRound;

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
    // Not counted: the first seconds run while V8 still compiles the request path.
    await round(`${server.base}${path}`, owner.token, WARM_UP_SECONDS);
    for (let index = 0; index < ROUNDS; index++) {
      const result = await round(`${server.base}${path}`, owner.token, SECONDS);
      rates.push(result.rate);
      p99s.push(result.p99);
      errors += result.errors;
    }
    report('server-http', `GET ${name} requests per second`, 'req/s', {
      ...summarize(rates),
      target: 5000,
      errors,
      tool,
    });
    report('server-http', `GET ${name} p99 latency`, 'ms', {
      ...summarize(p99s),
      target: 20,
      connections: CONNECTIONS,
      tool,
    });
  }
} finally {
  await server.stop();
  await database.drop();
}
