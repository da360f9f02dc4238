// Sync (docs/SYNC.md) against the real server binary on PostgreSQL, over loopback, with the desktop's own
// client (packages/core/src/sync: `SyncServerClient`, `openPokeSocket`, loaded as TypeScript by tsx).
// Four figures, each beside the simplest thing that does the same work, measured in the same run in
// alternate rounds (or alternate samples), so whatever else loads the machine falls on both:
//
// 1. Push of EVENTS offline events in the protocol's batches (500), one round trip after another, by a
//    device newly registered in a new tenant each round (sign-in through the desktop client). Baseline: the
//    same rows (read back from sync_events after the round) inserted by a bare `pg` client in batches of
//    500 (one statement, one JSON parameter) into a plain table of sync_events' columns (no key, index,
//    row-level security) in the same database.
// 2. Pull of those EVENTS: `GET /sync/pull` paged (1000, the protocol's most) from cursor 0 to `more:
//    false` by a second device of the tenant. Baseline: a bare `pg` select of the same columns of the same
//    rows, `order by position limit 1000 offset …`, to the end.
// 3. Push → poke → pulled on another device: device A pushes one event; device B of the same tenant holds
//    a poke socket and pulls when poked; from A's push start to B's pull holding the event. Baseline: a
//    bare PostgreSQL LISTEN/NOTIFY round trip doing the same steps: one client inserts the row and
//    `pg_notify`s in one statement, a listening client selects the row when notified. p99 per round.
// 4. DEVICES devices (10 per tenant) each writing 10 events a second for SECONDS, open loop: each event
//    has its time on a fixed schedule (each device its own timer, offsets spread), and a device pushes
//    what waits whenever no push of its own is in flight (as the desktop's engine does, rounds never
//    overlapping), so an event written while the server is slow waits in the device's queue and its
//    latency, from its scheduled time to the answer that holds it, shows it (no coordinated omission).
//    Baseline: the same devices and client against a bare Fastify route that does one parameterised
//    insert per request (apps/server/scripts/bare-push-route.mjs) under the same schedule.
//
// Sizes: EVENTS 10,000, 3 rounds, 300 poke samples a round, 200 devices for 20 s. WEBNOVA_BENCH_QUICK=1
// (or --quick) is tiny (500 events, 20 samples, 10 devices for 3 s); BENCH_EVENTS, BENCH_ROUNDS,
// BENCH_POKE_SAMPLES, BENCH_DEVICES, BENCH_SECONDS (or --events N, --rounds N, --samples N, --devices N,
// --seconds N) set each. The databases made are dropped at the end.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { tsImport } from 'tsx/esm/api';
import { v7 as uuidv7 } from 'uuid';
import { createDatabase, startBareRoute, startServer } from '../apps/server/scripts/bench-server.mjs';
import { baseline, percentile, report, summarize, timed } from './lib.mjs';

const { SyncServerClient } = await tsImport('../packages/core/src/sync/server-client.ts', import.meta.url);
const { openPokeSocket } = await tsImport('../packages/core/src/sync/poke-socket.ts', import.meta.url);
const { chainAuditEntry } = await tsImport('../packages/core/src/governance/audit-chain.ts', import.meta.url);
const { SYNC_MAX_PUSH_EVENTS, SYNC_MAX_PULL_EVENTS, AUDIT_STREAM, AUDIT_RECORDED } = await tsImport(
  '../packages/core/src/contracts/sync.ts',
  import.meta.url,
);

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    events: { type: 'string' },
    rounds: { type: 'string' },
    samples: { type: 'string' },
    devices: { type: 'string' },
    seconds: { type: 'string' },
    only: { type: 'string' },
    mix: { type: 'string' },
  },
});
const quick = flags.quick || process.env.WEBNOVA_BENCH_QUICK === '1';
const size = (flag, variable, full, tiny) => Number(flags[flag] ?? process.env[variable] ?? (quick ? tiny : full));
const EVENTS = size('events', 'BENCH_EVENTS', 10_000, 500);
const ROUNDS = size('rounds', 'BENCH_ROUNDS', 3, 2);
const POKE_SAMPLES = size('samples', 'BENCH_POKE_SAMPLES', 300, 20);
const DEVICES = size('devices', 'BENCH_DEVICES', 200, 10);
const SECONDS = size('seconds', 'BENCH_SECONDS', 20, 3);
const DEVICES_PER_TENANT = 10;
const EVENTS_PER_SECOND = 10;
/**
 * What the pushed events are (`--mix`, `BENCH_MIX`): `notes` (plain events), or `desktop`, what a desktop
 * writes: every other event its audit entry, a chain the server checks and records as evidence.
 */
const MIX = flags.mix ?? process.env.BENCH_MIX ?? 'notes';
/** Which figures to run (`--only push,pull,poke,load`): all by default. */
const only = new Set((flags.only ?? 'push,pull,poke,load').split(','));

const BENCH = 'sync';
const round3 = (x) => Math.round(x * 1000) / 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const TEXT = 'a short note of about fifty characters, as a device writes';

/** An event as the desktop's outbox pushes it: a note of the device's user, `seq` its number. */
function noteEvent(seq, userId) {
  return {
    seq,
    id: uuidv7(),
    streamId: `note-${seq % 20}`,
    type: 'note.written',
    data: { seq, text: TEXT },
    actor: { kind: 'user', id: userId },
    occurredAt: new Date().toISOString(),
  };
}

/** A device's first `count` events, numbered from 1, of the bench's mix. */
function offlineEvents(count, userId) {
  const actor = { kind: 'user', id: userId };
  let head = null;
  return Array.from({ length: count }, (_, index) => {
    const seq = index + 1;
    if (MIX !== 'desktop' || seq % 2 === 1) return noteEvent(seq, userId);
    const occurredAt = new Date().toISOString();
    head = chainAuditEntry(head, { occurredAt, actor, action: 'note.written', subject: 'note', data: { seq } });
    return {
      seq,
      id: uuidv7(),
      streamId: AUDIT_STREAM,
      type: AUDIT_RECORDED,
      data: head,
      actor,
      occurredAt,
      chainHash: head.hash,
    };
  });
}

const database = await createDatabase('webnova_sync_bench');
let server;
let bare;
const admin = new pg.Client({ connectionString: database.url });
const listener = new pg.Client({ connectionString: database.url });
try {
  server = await startServer(database.url);
  await admin.connect();
  await listener.connect();
  const desktop = new SyncServerClient(server.base);
  let people = 0;
  /** A new tenant with an owner: its id, the owner's id, session and password. */
  async function newTenant(name) {
    const tenant = await server.api('POST', '/tenants', server.rootToken, { name });
    const email = `owner-${++people}@bench.example`;
    const owner = await server.person(server.rootToken, tenant.id, email, 'owner');
    return { id: tenant.id, owner: { ...owner, email, password: `${email} bench passphrase` } };
  }
  /** Signs in as the desktop does (login, `POST /devices`, logout): the device and its credential. */
  const signIn = (tenant, deviceName) =>
    desktop.registerDevice({ email: tenant.owner.email, password: tenant.owner.password, deviceName });
  /** Pushes `events` in the protocol's batches, one after another, as the outbox does; throws unless all land. */
  async function pushAll(client, device, events) {
    for (let start = 0; start < events.length; start += SYNC_MAX_PUSH_EVENTS) {
      const batch = events.slice(start, start + SYNC_MAX_PUSH_EVENTS);
      const answer = await client.push(device.credential, { deviceId: device.deviceId, events: batch });
      const taken = answer.outcomes.filter((outcome) => outcome.status === 'accepted').length;
      if (taken !== batch.length) throw new Error(`a push took ${taken} of ${batch.length}: ${JSON.stringify(answer)}`);
    }
  }

  // The sync_events columns, for the plain tables of the baselines (`like`: columns and not-null only).
  await admin.query('create table bench_plain_push (like sync_events)');
  await admin.query(
    'create table bench_plain_poke (like sync_events); alter table bench_plain_poke alter column position add generated always as identity',
  );
  await admin.query(
    'create table bench_bare_push (like sync_events); alter table bench_bare_push alter column position add generated always as identity',
  );

  // --- 1. Push, 2. Pull --------------------------------------------------------------------------------
  let pullTenant;
  if (only.has('push') || only.has('pull')) {
    const pushMs = [];
    const plainMs = [];
    const pushRounds = only.has('push') ? ROUNDS : 1;
    for (let round = 0; round < pushRounds; round++) {
      const tenant = await newTenant(`Bench push ${round}`);
      const device = await signIn(tenant, `bench push ${round}`);
      const events = offlineEvents(EVENTS, device.userId);
      const ms = await timed(() => pushAll(desktop, device, events));
      pushMs.push(ms);
      // The same rows, as the server stored them, into the plain table by a bare client.
      const { rows } = await admin.query(
        'select row_to_json(e) as row from sync_events e where tenant_id = $1 and device_id = $2 order by position',
        [tenant.id, device.deviceId],
      );
      if (rows.length !== EVENTS) throw new Error(`the log holds ${rows.length} of ${EVENTS} pushed events`);
      const batches = [];
      for (let start = 0; start < rows.length; start += SYNC_MAX_PUSH_EVENTS) {
        batches.push(JSON.stringify(rows.slice(start, start + SYNC_MAX_PUSH_EVENTS).map((r) => r.row)));
      }
      await admin.query('truncate bench_plain_push');
      plainMs.push(
        await timed(async () => {
          for (const batch of batches) {
            await admin.query(
              'insert into bench_plain_push select * from json_populate_recordset(null::bench_plain_push, $1)',
              [batch],
            );
          }
        }),
      );
      if (round === 0) pullTenant = { tenant, pusher: device };
    }
    if (only.has('push')) {
      report(
        BENCH,
        `push of ${EVENTS} offline events${MIX === 'desktop' ? ' (half of them audit entries)' : ''} in batches of ${SYNC_MAX_PUSH_EVENTS}`,
        'ms',
        {
          ...summarize(pushMs),
          events: EVENTS,
          target: 5000,
          eventsPerSecond: round3(EVENTS / (summarize(pushMs).median / 1000)),
        },
        baseline(`bare pg insert of the same rows, batches of ${SYNC_MAX_PUSH_EVENTS}, plain table`, plainMs),
      );
    }
  }

  if (only.has('pull')) {
    const { tenant } = pullTenant;
    const reader = await signIn(tenant, 'bench pull');
    const [{ head }] = (await admin.query('select log_position::int as head from tenants where id = $1', [tenant.id]))
      .rows;
    const pullMs = [];
    const plainMs = [];
    let pulled = 0;
    let selected = 0;
    for (let round = 0; round < ROUNDS; round++) {
      pullMs.push(
        await timed(async () => {
          let cursor = 0;
          pulled = 0;
          for (let more = true; more; ) {
            const page = await desktop.pull(reader.credential, cursor, SYNC_MAX_PULL_EVENTS);
            pulled += page.events.length;
            cursor = page.cursor;
            more = page.more;
          }
        }),
      );
      plainMs.push(
        await timed(async () => {
          selected = 0;
          for (let offset = 0; ; offset += SYNC_MAX_PULL_EVENTS) {
            const { rows } = await admin.query(
              `select position, id, device_id, seq, stream_id, stream_version, type, data, actor, occurred_at,
                      received_at, chain_hash
                 from sync_events where tenant_id = $1 order by position limit $2 offset $3`,
              [tenant.id, SYNC_MAX_PULL_EVENTS, offset],
            );
            selected += rows.length;
            if (rows.length < SYNC_MAX_PULL_EVENTS) break;
          }
        }),
      );
    }
    if (pulled !== head || selected !== head) throw new Error(`pulled ${pulled}, selected ${selected}, log ${head}`);
    report(
      BENCH,
      `pull of ${pulled} events, pages of ${SYNC_MAX_PULL_EVENTS}`,
      'ms',
      { ...summarize(pullMs), events: pulled, target: 3000 },
      baseline(`bare pg select … order by position limit ${SYNC_MAX_PULL_EVENTS} offset …, same rows`, plainMs),
    );
  }

  // --- 3. Push → poke → pull on another device ----------------------------------------------------------
  if (only.has('poke')) {
    const tenant = await newTenant('Bench poke');
    const a = await signIn(tenant, 'bench poke A');
    const b = await signIn(tenant, 'bench poke B');
    // Device B: pulls whenever poked past its cursor, and says when it holds an event.
    let cursor = 0;
    let pulling = false;
    let pokedTo = 0;
    const waiting = new Map();
    const pullToHead = async () => {
      if (pulling) return;
      pulling = true;
      try {
        while (pokedTo > cursor) {
          for (let more = true; more; ) {
            const page = await desktop.pull(b.credential, cursor, SYNC_MAX_PULL_EVENTS);
            const at = performance.now();
            for (const event of page.events) waiting.get(event.id)?.(at);
            cursor = page.cursor;
            more = page.more;
          }
        }
      } finally {
        pulling = false;
      }
    };
    let opened;
    const open = new Promise((resolve) => {
      opened = resolve;
    });
    const socket = openPokeSocket(server.base, b.credential, {
      poke: (position) => {
        opened();
        pokedTo = Math.max(pokedTo, position);
        void pullToHead();
      },
      closed: (refused) => {
        if (refused) console.error(`poke socket closed: ${refused}`);
      },
    });
    await open;
    await listener.query('listen bench_sync');
    const notified = new Map();
    listener.on('notification', async ({ payload }) => {
      const { rows } = await listener.query('select * from bench_plain_poke where id = $1', [payload]);
      if (rows.length === 1) notified.get(payload)?.(performance.now());
    });
    let seq = 0;
    /** One event from A to B's pull: ms. */
    const viaServer = async () => {
      const event = noteEvent(++seq, a.userId);
      const held = new Promise((resolve) => waiting.set(event.id, resolve));
      const started = performance.now();
      const answer = await desktop.push(a.credential, { deviceId: a.deviceId, events: [event] });
      if (answer.outcomes[0]?.status !== 'accepted') throw new Error(JSON.stringify(answer));
      const at = await held;
      waiting.delete(event.id);
      return at - started;
    };
    /** The same with PostgreSQL alone: insert + pg_notify, the listener selects the row. */
    const viaPostgres = async () => {
      const event = noteEvent(1, a.userId);
      const held = new Promise((resolve) => notified.set(event.id, resolve));
      const started = performance.now();
      await admin.query(
        `with row as (insert into bench_plain_poke (tenant_id, id, device_id, seq, stream_id, stream_version, type, data,
                                                    actor, occurred_at, received_at, content_hash)
                      values ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, clock_timestamp(), '') returning id)
         select pg_notify('bench_sync', (select id::text from row))`,
        [
          tenant.id,
          event.id,
          a.deviceId,
          event.seq,
          event.streamId,
          event.type,
          event.data,
          event.actor,
          event.occurredAt,
        ],
      );
      const at = await held;
      notified.delete(event.id);
      return at - started;
    };
    // Not counted: the first samples run while V8 still compiles the path.
    for (let index = 0; index < 20; index++) {
      await viaServer();
      await viaPostgres();
    }
    const serverRounds = [];
    const postgresRounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ours = [];
      const theirs = [];
      for (let index = 0; index < POKE_SAMPLES; index++) {
        ours.push(await viaServer());
        theirs.push(await viaPostgres());
      }
      serverRounds.push(ours.sort((x, y) => x - y));
      postgresRounds.push(theirs.sort((x, y) => x - y));
    }
    socket.close();
    await listener.query('unlisten bench_sync');
    const at = (rounds, p) => rounds.map((sorted) => percentile(sorted, p));
    const counts = { samplesPerRound: POKE_SAMPLES, rounds: ROUNDS };
    const bareName = 'bare PostgreSQL LISTEN/NOTIFY round trip (insert + pg_notify, listener selects the row)';
    report(
      BENCH,
      'push → poke → pulled on another device, median',
      'ms',
      { ...summarize(at(serverRounds, 50)), ...counts },
      baseline(`${bareName}, median`, at(postgresRounds, 50)),
    );
    report(
      BENCH,
      'push → poke → pulled on another device, p99',
      'ms',
      { ...summarize(at(serverRounds, 99)), ...counts, target: 200 },
      baseline(`${bareName}, p99`, at(postgresRounds, 99)),
    );
  }

  // --- 4. DEVICES devices pushing 10 events a second ----------------------------------------------------
  if (only.has('load')) {
    const tenants = [];
    const devices = [];
    for (let index = 0; devices.length < DEVICES; index++) {
      const tenant = await newTenant(`Bench load ${index}`);
      tenants.push(tenant);
      for (let slot = 0; slot < DEVICES_PER_TENANT && devices.length < DEVICES; slot++) {
        // Registered with the owner's session through the real route (a sign-in per device would cost a
        // password hash each); the first one through the desktop's sign-in.
        const device =
          slot === 0
            ? await signIn(tenant, `bench load ${index}.${slot}`)
            : {
                ...(await server.api('POST', '/devices', tenant.owner.token, { name: `bench load ${index}.${slot}` })),
                userId: tenant.owner.id,
              };
        devices.push({ ...device, seq: { server: 0, bare: 0 } });
      }
    }
    bare = await startBareRoute({
      script: new URL('../apps/server/scripts/bare-push-route.mjs', import.meta.url).pathname,
      env: { DATABASE_URL: database.url, BARE_TABLE: 'bench_bare_push', BARE_TENANT_ID: tenants[0].id },
    });
    const bareClient = new SyncServerClient(bare.origin);
    const period = 1000 / EVENTS_PER_SECOND;

    /** One open-loop run of `seconds` against `client`: every event's latency from its scheduled time, ms. */
    async function openLoop(client, side, seconds) {
      const latencies = [];
      let pushes = 0;
      let failures = 0;
      const perDevice = Math.round(seconds * EVENTS_PER_SECOND);
      const start = performance.now() + 50;
      const runs = devices.map(async (device, index) => {
        const offset = (index / devices.length) * period;
        const queue = [];
        let written = 0;
        let wake = null;
        // The device's writer: its own timer, each event stamped with the time it was due.
        const writer = (async () => {
          for (; written < perDevice; ) {
            const due = start + offset + written * period;
            const wait = due - performance.now();
            if (wait > 0) await sleep(wait);
            // Every event that fell due while the timer was late is written now, at its own due time.
            while (written < perDevice && start + offset + written * period <= performance.now()) {
              queue.push({
                due: start + offset + written * period,
                event: noteEvent(++device.seq[side], device.userId),
              });
              written += 1;
            }
            wake?.();
          }
        })();
        // The device's pusher: what waits, in one push, whenever none of its own is in flight.
        for (;;) {
          if (queue.length === 0) {
            if (written >= perDevice) break;
            await new Promise((resolve) => {
              wake = resolve;
            });
            wake = null;
            continue;
          }
          const batch = queue.splice(0, SYNC_MAX_PUSH_EVENTS);
          try {
            const answer = await client.push(device.credential, {
              deviceId: device.deviceId,
              events: batch.map((item) => item.event),
            });
            if (answer.outcomes.some((outcome) => outcome.status !== 'accepted')) failures += 1;
          } catch (error) {
            failures += 1;
            if (failures <= 3) console.error(`${side} push failed: ${error.message}`);
          }
          pushes += 1;
          const at = performance.now();
          for (const item of batch) latencies.push(at - item.due);
        }
        await writer;
      });
      const began = performance.now();
      await Promise.all(runs);
      const tookS = (performance.now() - began) / 1000;
      return { sorted: latencies.sort((x, y) => x - y), pushes, failures, tookS };
    }

    // Not counted: a short run each while V8 compiles the paths.
    await openLoop(desktop, 'server', Math.min(2, SECONDS));
    await openLoop(bareClient, 'bare', Math.min(2, SECONDS));
    const results = { server: [], bare: [] };
    const loadRounds = quick ? 1 : ROUNDS;
    for (let round = 0; round < loadRounds; round++) {
      results.server.push(await openLoop(desktop, 'server', SECONDS));
      results.bare.push(await openLoop(bareClient, 'bare', SECONDS));
    }
    const of = (side, pick) => results[side].map(pick);
    const described = (side) => ({
      devices: DEVICES,
      tenants: tenants.length,
      eventsPerSecondPerDevice: EVENTS_PER_SECOND,
      seconds: SECONDS,
      rounds: loadRounds,
      events: of(side, (r) => r.sorted.length).reduce((x, y) => x + y, 0),
      pushes: of(side, (r) => r.pushes).reduce((x, y) => x + y, 0),
      failedPushes: of(side, (r) => r.failures).reduce((x, y) => x + y, 0),
      eventsPerSecond: summarize(of(side, (r) => r.sorted.length / r.tookS)).median,
      maxMs: round3(Math.max(...of(side, (r) => r.sorted.at(-1)))),
    });
    const bareName = 'bare Fastify route, one parameterised insert per request, same schedule';
    const { devices: _d, tenants: _t, ...bareFacts } = described('bare');
    report(
      BENCH,
      `${DEVICES} devices × ${EVENTS_PER_SECOND} events/s, push latency from schedule, median`,
      'ms',
      { ...summarize(of('server', (r) => percentile(r.sorted, 50))), ...described('server') },
      {
        ...baseline(
          `${bareName}, median`,
          of('bare', (r) => percentile(r.sorted, 50)),
        ),
        ...bareFacts,
      },
    );
    report(
      BENCH,
      `${DEVICES} devices × ${EVENTS_PER_SECOND} events/s, push latency from schedule, p99`,
      'ms',
      { ...summarize(of('server', (r) => percentile(r.sorted, 99))), ...described('server'), target: 100 },
      {
        ...baseline(
          `${bareName}, p99`,
          of('bare', (r) => percentile(r.sorted, 99)),
        ),
        ...bareFacts,
      },
    );
  }
} finally {
  await bare?.stop();
  await server?.stop();
  await listener.end().catch(() => undefined);
  await admin.end().catch(() => undefined);
  await database.drop();
}
