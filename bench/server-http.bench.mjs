// The governance server on loopback: authenticated GET requests per second and their p99 latency,
// against the real binary on PostgreSQL. Each request checks its session in the database and reads
// under row-level security. Beside each figure, the same figure for a bare Fastify route answering a
// constant JSON body (`apps/server/scripts/bare-route.mjs`), measured in the same run with the same
// client and connections: the ceiling on this machine at this moment, so a figure taken while other work
// loads the machine still says how far the server is from it (`ratio` = figure / baseline).
// A warm-up round each, then three rounds in which the bare route and the server's routes take turns
// (so a change in the machine's load falls on all of them); medians reported, with the 1-minute load
// average while measuring.
// The load comes from wrk when it is installed (`apt-get install -y wrk`: a C client takes less of the
// two cores from the server), else from autocannon; each figure says which.
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { createDatabase, startBareRoute, startServer } from '../apps/server/scripts/bench-server.mjs';
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
/** A figure's baseline and its ratio to it; none for the baseline itself. */
const against = (name, value, baseline) =>
  name === 'bare-route' ? {} : { baseline, ratio: Math.round((value / baseline) * 1000) / 1000 };

const database = await createDatabase();
const server = await startServer(database.url);
const bare = await startBareRoute();
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
  // The bare route ignores the token; it is sent so every request carries the same bytes.
  const targets = {
    'bare-route': bare.url,
    'auth-me': `${server.base}/auth/me`,
    'pending-decisions': `${server.base}/tenants/${tenant.id}/decisions`,
  };
  const results = Object.fromEntries(Object.keys(targets).map((name) => [name, { rates: [], p99s: [], errors: 0 }]));
  const loads = [];
  // Not counted: the first seconds run while V8 still compiles the request path.
  for (const url of Object.values(targets)) await round(url, owner.token, WARM_UP_SECONDS);
  for (let index = 0; index < ROUNDS; index++) {
    for (const [name, url] of Object.entries(targets)) {
      const result = await round(url, owner.token, SECONDS);
      results[name].rates.push(result.rate);
      results[name].p99s.push(result.p99);
      results[name].errors += result.errors;
      loads.push(loadavg()[0]);
    }
  }
  const load = summarize(loads);
  const baseline = {
    rate: summarize(results['bare-route'].rates).median,
    p99: summarize(results['bare-route'].p99s).median,
  };
  for (const [name, { rates, p99s, errors }] of Object.entries(results)) {
    const rate = summarize(rates);
    const p99 = summarize(p99s);
    report('server-http', `GET ${name} requests per second`, 'req/s', {
      ...rate,
      ...against(name, rate.median, baseline.rate),
      target: 5000,
      errors,
      tool,
      connections: CONNECTIONS,
      loadAverage: load.median,
    });
    report('server-http', `GET ${name} p99 latency`, 'ms', {
      ...p99,
      ...against(name, p99.median, baseline.p99),
      target: 20,
      tool,
      connections: CONNECTIONS,
      loadAverage: load.median,
    });
  }
} finally {
  await bare.stop();
  await server.stop();
  await database.drop();
}
