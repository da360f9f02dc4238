// Approval → WebSocket notification: the time from sending an approval that completes a decision's
// quorum to the moment a connected client of the tenant hears `decision.approved`, against the real
// server binary on PostgreSQL, over loopback. The figure includes the approval's own request (its
// session check, the review, the audit append and the commit). Medians of three rounds.
import WebSocket from 'ws';
import { createDatabase, startServer } from '../apps/server/scripts/bench-server.mjs';
import { percentile, report, summarize } from './lib.mjs';

const ROUNDS = 3;
const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 100);

const database = await createDatabase();
const server = await startServer(database.url);
try {
  const tenant = await server.api('POST', '/tenants', server.rootToken, { name: 'Bench clinic' });
  const proposer = await server.person(server.rootToken, tenant.id, 'proposer@bench.example', 'member');
  const approver = await server.person(server.rootToken, tenant.id, 'approver@bench.example', 'owner');
  const watcher = await server.person(server.rootToken, tenant.id, 'watcher@bench.example', 'sovereign');
  const socket = new WebSocket(`${server.base.replace('http', 'ws')}/tenants/${tenant.id}/events`, {
    headers: { authorization: `Bearer ${watcher.token}` },
  });
  const heard = new Map();
  const waiting = new Map();
  socket.on('message', (raw) => {
    const at = performance.now();
    const message = JSON.parse(String(raw));
    if (message.type !== 'decision.approved') return;
    heard.set(message.decision.id, at);
    waiting.get(message.decision.id)?.(at);
  });
  await new Promise((resolve, reject) => {
    socket.once('message', resolve);
    socket.once('error', reject);
  });

  const medians = [];
  const p99s = [];
  for (let round = 0; round < ROUNDS; round++) {
    const latencies = [];
    for (let index = 0; index < APPROVALS; index++) {
      const decision = await server.api('POST', `/tenants/${tenant.id}/decisions`, proposer.token, {
        kind: 'command.run',
        rationale: 'run the tests',
        payload: { command: 'npm test' },
        risk: 'low',
      });
      const told = new Promise((resolve) => waiting.set(decision.id, resolve));
      const sent = performance.now();
      await server.api('POST', `/tenants/${tenant.id}/decisions/${decision.id}/approve`, approver.token, {});
      const at = heard.get(decision.id) ?? (await told);
      latencies.push(at - sent);
      waiting.delete(decision.id);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    medians.push(percentile(sorted, 50));
    p99s.push(percentile(sorted, 99));
  }
  socket.close();
  report('server-notify', 'approval to WebSocket notification, median', 'ms', {
    ...summarize(medians),
    approvals: APPROVALS,
  });
  report('server-notify', 'approval to WebSocket notification, p99', 'ms', {
    ...summarize(p99s),
    target: 100,
    approvals: APPROVALS,
  });
} finally {
  await server.stop();
  await database.drop();
}
