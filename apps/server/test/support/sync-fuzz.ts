import { createHash } from 'node:crypto';
import { cp, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { Constitution } from '../../../../packages/core/src/contracts/constitution.js';
import type { JsonObject, StoredEvent } from '../../../../packages/core/src/contracts/events.js';
import { type Decision, DecisionStatus } from '../../../../packages/core/src/contracts/governance.js';
import { RegisteredDevice } from '../../../../packages/core/src/contracts/sync.js';
import { canonicalJson } from '../../../../packages/core/src/governance/canonical-json.js';
import { mergeDecision } from '../../../../packages/core/src/governance/decision.js';
import { CONSTITUTION_STREAM, Governance } from '../../../../packages/core/src/governance/governance.js';
import { spendWarrant } from '../../../../packages/core/src/governance/warrant.js';
import { openPgliteDatabase, rowsOf } from '../../../../packages/core/src/store/database.js';
import type { EventStore } from '../../../../packages/core/src/store/event-store.js';
import { findMigrationsFolder } from '../../../../packages/core/src/store/migrations-folder.js';
import { SyncEngine } from '../../../../packages/core/src/sync/engine.js';
import { SyncServerClient } from '../../../../packages/core/src/sync/server-client.js';
import { readStreamView } from '../../../../packages/core/src/sync/stream-view.js';
import { TenantLog } from '../../../../packages/core/src/sync/tenant-log.js';
import { randomSource } from '../../../../packages/core/test/blueprint/arbitraries.js';
import { type BenchServer, createDatabase, startServer } from '../../scripts/bench-server.mjs';
import { type FaultKind, FaultProxy } from './fault-proxy.js';

/**
 * The sync fault-injection fuzz (the sync issue's): 12 simulated devices, each the desktop's real
 * Governance and SyncEngine on its own PGlite store, registered through the server's `POST /devices`,
 * talking to the real `webnova-server` binary on PostgreSQL through a fault-injecting proxy of its own.
 * A seed drives a run: random AI proposals (two owners' quorum for source writes, one for Blueprint
 * patches), approvals and rejections by whoever is at a device (online or offline, members included),
 * constitution edits by owners and members, plain events, an owner demoted mid-run, and faults on every
 * link; then every link heals and the devices sync until nothing moves, and the oracle checks the end.
 */

export interface FuzzSize {
  /** Random operations in a seed. */
  steps: number;
  /** Most `kill -9`s of the server in a seed. */
  kills: number;
  /** The chance that a request on a link suffers a fault while the run is not healing. */
  faultChance: number;
}

export interface SeedReport {
  seed: number;
  /** Events the devices wrote (all of them pushed, every one accepted or refused). */
  events: number;
  /** The server's refusals of them, by code. */
  refused: Record<string, number>;
  /** Milliseconds to people the tenants, open the devices, run the steps, heal and check. */
  phases: Record<string, number>;
  decisions: number;
  runs: number;
  faults: Partial<Record<FaultKind, number>>;
  seconds: number;
  failures: string[];
  trace: string[];
}

const ALL = DecisionStatus.options;
/** A device at rest: `conflict` is `synced` with some of its events refused. */
const SETTLED = ['synced', 'conflict'];
const RAN: DecisionStatus[] = ['executing', 'executed', 'failed'];
const AI = { kind: 'ai', id: 'fuzz-model' } as const;
/** The tenant's rule that makes the AI's source writes need two owners. */
const TWO_OWNERS = {
  id: 'two-owners-for-ai-writes',
  kind: 'file.write',
  effect: 'require-approval',
  approval: { quorum: 2 },
};
const sha = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
// biome-ignore lint/suspicious/noExplicitAny: rules are passed through as the constitution holds them.
type Loose = any;

type Role = 'sovereign' | 'owner' | 'member';
interface User {
  key: string;
  email: string;
  id: string;
  token: string;
  role: Role;
}
interface Tenant {
  key: 'A' | 'B';
  id: string;
  users: User[];
  /** The user demoted from owner to member mid-run, and when (the database's clock). */
  demoted?: { userId: string; at: string };
}
interface Device {
  name: string;
  tenant: Tenant;
  user: User;
  dataDir: string;
  project: string;
  governance: Governance;
  store: EventStore;
  engine: SyncEngine;
  proxy: FaultProxy;
}

/** One server for a run of seeds: the real binary on a fresh database, killed and restarted at will. */
export class FuzzServer {
  #restarting: Promise<void> | null = null;
  private constructor(
    readonly server: BenchServer,
    readonly databaseUrl: string,
    readonly drop: () => Promise<void>,
    readonly template: string,
  ) {}

  static async start(): Promise<FuzzServer> {
    const database = await createDatabase('webnova_sync_fuzz');
    const server = await startServer(database.url, { quiet: true });
    // A migrated, empty device store to copy for each device: a new PGlite takes seconds, a copy well under one.
    // No device row yet: each copy takes its own device id when its EventStore opens.
    const template = await mkdtemp(join(tmpdir(), 'webnova-fuzz-store-'));
    await (await openPgliteDatabase(join(template, 'store'), findMigrationsFolder())).close();
    return new FuzzServer(server, database.url, () => database.drop(), template);
  }

  /** kill -9, then serve again on the same database (concurrent callers share one restart). */
  killAndRestart(): Promise<void> {
    this.#restarting ??= (async () => {
      await this.server.kill();
      await this.server.restart();
    })().finally(() => {
      this.#restarting = null;
    });
    return this.#restarting;
  }

  async close(): Promise<void> {
    await this.server.stop();
    await this.drop();
    await rm(this.template, { recursive: true, force: true });
  }
}

/** Runs one seed to its end and checks it; the report lists what the oracle found wrong. */
export async function runSeed(fuzz: FuzzServer, seed: number, size: FuzzSize): Promise<SeedReport> {
  const started = performance.now();
  const random = randomSource(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const trace: string[] = [];
  const faults: Partial<Record<FaultKind, number>> = {};
  const runs: { decisionId: string; device: string }[] = [];
  const proposedOn = new Map<string, string>();
  const { server } = fuzz;
  const db = new pg.Client({ connectionString: fuzz.databaseUrl });
  await db.connect();
  let killsLeft = size.kills;
  const devices: Device[] = [];
  const phases: Record<string, number> = {};
  const phase = (name: string) => {
    phases[name] = Math.round(performance.now() - started - Object.values(phases).reduce((n, ms) => n + ms, 0));
  };
  const say = (line: string): void => {
    trace.push(line);
  };

  try {
    // Two tenants: A with a sovereign, three owners (one demoted mid-run) and two members; B with two
    // owners and a member. Twelve devices over them (two owners have two each).
    // The two tenants are peopled side by side (each person costs the server two password hashes).
    const tenants: Tenant[] = await Promise.all(
      (
        [
          ['A', ['sovereign:sovereign', 'owner:o1', 'owner:o2', 'owner:o3', 'member:m1', 'member:m2']],
          ['B', ['sovereign:sovereign', 'owner:o1', 'owner:o2', 'member:m1']],
        ] as const
      ).map(async ([key, people]) => {
        const tenant = await server.api('POST', '/tenants', server.rootToken, {
          name: `Fuzz ${seed} ${key} ${Date.now()}`,
        });
        const users: User[] = [];
        for (const entry of people) {
          const [role, label] = entry.split(':') as [Role, string];
          const email = `${label}.${key.toLowerCase()}.${seed}.${Date.now()}@fuzz.example`;
          const made = await server.person(server.rootToken, tenant.id, email, role);
          users.push({ key: `${key}.${label}`, email, role, ...made });
        }
        return { key, id: tenant.id, users };
      }),
    );
    const [a, b] = tenants as [Tenant, Tenant];
    phase('people');
    const userOf = (tenant: Tenant, label: string) =>
      tenant.users.find((u) => u.key === `${tenant.key}.${label}`) as User;
    const seats: [Tenant, string][] = [
      [a, 'sovereign'],
      [a, 'o1'],
      [a, 'o1'],
      [a, 'o2'],
      [a, 'o2'],
      [a, 'o3'],
      [a, 'm1'],
      [a, 'm2'],
      [b, 'o1'],
      [b, 'o1'],
      [b, 'o2'],
      [b, 'm1'],
    ];
    const hooks = {
      random,
      runs,
      faults,
      say,
      mayKill: () => {
        if (killsLeft === 0) return false;
        killsLeft -= 1;
        return true;
      },
    };
    // Opened side by side (a PGlite store's start is mostly waiting on its files), kept in seat order.
    devices.push(
      ...(await Promise.all(
        seats.map(([tenant, label], index) =>
          openDevice(fuzz, tenant, userOf(tenant, label), `d${index}`, seed * 100 + index, hooks),
        ),
      )),
    );
    phase('devices');
    // Each tenant's first owner sets the tenant's constitution: the AI's source writes need two owners.
    for (const first of [devices[1], devices[8]] as Device[]) {
      const current = await first.governance.constitution();
      await first.governance.updateConstitution({
        baseVersion: current.version,
        rules: [TWO_OWNERS, ...current.rules] as Loose,
      });
      await first.engine.syncNow();
    }
    for (const device of devices) await device.engine.syncNow();
    for (const device of devices) device.proxy.chance = size.faultChance;

    const demoteAt = Math.floor(size.steps / 2);
    for (let step = 0; step < size.steps; step++) {
      if (step === demoteAt) {
        const o3 = userOf(a, 'o3');
        await server.api('PATCH', `/tenants/${a.id}/users/${o3.id}`, userOf(a, 'sovereign').token, { role: 'member' });
        const { rows } = await db.query<{ now: string }>('select now()::text as now');
        a.demoted = { userId: o3.id, at: rows[0]?.now as string };
        say(`${step} demote A.o3 to member`);
      }
      const device = pick(devices);
      await operate(device, step);
    }

    phase('steps');
    // Heal: every link passes everything, the server is up, and the devices sync until nothing moves.
    for (const device of devices) {
      device.proxy.chance = 0;
      device.proxy.offline = false;
    }
    const unsettled = await healed(devices, db);
    phase('heal');
    const failures = unsettled.length > 0 ? unsettled : await oracle(devices, tenants, db, runs, proposedOn, fuzz);
    const report = await figures(devices);
    phase('check');
    return {
      seed,
      phases,
      ...report,
      decisions: proposedOn.size,
      runs: runs.length,
      faults,
      seconds: (performance.now() - started) / 1000,
      failures,
      trace,
    };
  } catch (error) {
    // An operation that throws is a finding too (core or the server did what it must not): reported with the trace.
    return {
      seed,
      phases,
      events: 0,
      refused: {},
      decisions: proposedOn.size,
      runs: runs.length,
      faults,
      seconds: (performance.now() - started) / 1000,
      failures: [`the run threw: ${error instanceof Error ? error.stack : String(error)}`],
      trace,
    };
  } finally {
    for (const device of devices) {
      await device.engine.stop().catch(() => undefined);
      await device.proxy.close().catch(() => undefined);
      await device.governance.close().catch(() => undefined);
      await rm(device.dataDir, { recursive: true, force: true });
      await rm(device.project, { recursive: true, force: true });
    }
    await db.end();
  }

  /** One random operation on `device`, traced. */
  async function operate(device: Device, step: number): Promise<void> {
    const { governance, engine, proxy } = device;
    const roll = random();
    const line = (what: string): void => say(`${step} ${device.name}(${device.user.key}) ${what}`);
    const attempt = async (what: string, act: () => Promise<unknown>) => {
      try {
        const result = (await act()) as { status?: string } | undefined;
        line(`${what} → ${result?.status ?? 'ok'}`);
      } catch (error) {
        line(`${what} → refused here: ${(error as { code?: string }).code ?? String(error)}`);
      }
    };
    if (roll < 0.2) {
      const source = random() < 0.6;
      const kind = source ? 'file.write' : 'blueprint.patch';
      const payload: JsonObject = source
        ? { path: `src/page-${step}.ts`, content: `export const step = ${step};\n` }
        : { operations: [{ op: 'replace', path: '/name', value: `Fuzz ${step}` }] };
      const outcome = await governance.propose({ kind, payload }, `Step ${step}.`, {
        actor: AI,
        project: device.project,
      });
      if (outcome.decision) proposedOn.set(outcome.decision.id, device.name);
      line(`propose ${kind} ${outcome.decision?.id.slice(-6) ?? ''} → ${outcome.outcome}`);
    } else if (roll < 0.4) {
      const waiting = await governance.list();
      if (waiting.length === 0) return line('approve: nothing waits');
      const id = pick(waiting).id;
      await attempt(`approve ${id.slice(-6)}${proxy.offline ? ' offline' : ''}`, () => governance.approve(id));
    } else if (roll < 0.45) {
      const waiting = await governance.list();
      if (waiting.length === 0) return line('reject: nothing waits');
      const id = pick(waiting).id;
      await attempt(`reject ${id.slice(-6)}${proxy.offline ? ' offline' : ''}`, () => governance.reject(id));
    } else if (roll < 0.52) {
      // An edit that adds or removes a harmless rule, keeping the quorum rules: by owners and members alike.
      const current = await governance.constitution();
      const extra = current.rules.some((rule) => rule.id === 'fuzz-deploys');
      const rules = extra
        ? current.rules.filter((rule) => rule.id !== 'fuzz-deploys')
        : [
            { id: 'fuzz-deploys', kind: 'deploy', effect: 'require-approval', approval: { quorum: 2 } },
            ...current.rules,
          ];
      await attempt(`constitution v${current.version} ${extra ? '−' : '+'}rule`, () =>
        governance.updateConstitution({ baseVersion: current.version, rules: rules as Loose }),
      );
    } else if (roll < 0.58) {
      await attempt('usage', () => governance.recordUsage({ tokens: Math.floor(random() * 1000), cost: 0 }));
    } else if (roll < 0.88) {
      const status = await engine.syncNow();
      line(`sync → ${status.state} waiting ${status.waiting} cursor ${status.cursor}`);
    } else if (roll < 0.96) {
      proxy.offline = !proxy.offline;
      line(proxy.offline ? 'goes offline' : 'comes online');
    } else {
      proxy.cutPokes();
      line('poke cut');
    }
  }
}

interface DeviceHooks {
  random(): number;
  runs: { decisionId: string; device: string }[];
  faults: Partial<Record<FaultKind, number>>;
  say(line: string): void;
  mayKill(): boolean;
}

/** A device: its store (a copy of the template), governance with recording executors, proxy and engine. */
async function openDevice(
  fuzz: FuzzServer,
  tenant: Tenant,
  user: User,
  name: string,
  proxySeed: number,
  hooks: DeviceHooks,
): Promise<Device> {
  const dataDir = await mkdtemp(join(tmpdir(), `webnova-fuzz-${name}-`));
  await cp(join(fuzz.template, 'store'), join(dataDir, 'store'), { recursive: true });
  const project = await realpath(await mkdtemp(join(tmpdir(), `webnova-fuzz-${name}-project-`)));
  const governance = Governance.start({
    dataDir,
    currentProject: () => project,
    // They run nothing: they count each run by decision and device (and still demand a real warrant).
    executors: {
      carryOut: async (warrant: unknown) => {
        hooks.runs.push({ decisionId: spendWarrant(warrant).id, device: name });
        return { record: { ranOn: name } };
      },
    },
  });
  const store = await governance.store();
  // `POST /devices` with the user's login session, as `registerDevice` does after its login.
  const registered = RegisteredDevice.parse(await fuzz.server.api('POST', '/devices', user.token, { name }));
  const proxyRandom = randomSource(proxySeed);
  const proxy = new FaultProxy({
    random: proxyRandom,
    serverPort: () => fuzz.server.port,
    mayKill: hooks.mayKill,
    killServer: () => fuzz.killAndRestart(),
    fault: (kind, detail) => {
      hooks.faults[kind] = (hooks.faults[kind] ?? 0) + 1;
      hooks.say(`  ${name} fault ${kind}: ${detail}`);
    },
  });
  await proxy.listen();
  governance.setSignedIn(registered.userId);
  await new TenantLog(store).begin(registered.tenantId);
  const engine = new SyncEngine({
    store,
    account: {
      server: proxy.origin,
      email: user.email,
      userId: registered.userId,
      tenantId: registered.tenantId,
      role: user.role,
      deviceId: registered.deviceId,
      deviceName: name,
      signedInAt: new Date().toISOString(),
    },
    credential: registered.credential,
    client: new SyncServerClient(proxy.origin),
    log: () => {},
    onChange: () => {},
    onSynced: (streamIds) => governance.synced(streamIds),
    // Timers that never fire: rounds run only when the fuzz asks (`syncNow`), so a seed runs the same way.
    timers: { setTimeout: () => null, clearTimeout: () => {} },
    random: proxyRandom,
  });
  await engine.start();
  return { name, tenant, user, dataDir, project, governance, store, engine, proxy };
}

/** Rounds on every device until a whole pass moves nothing: nothing waits, every cursor at its log's head. */
async function healed(devices: Device[], db: pg.Client): Promise<string[]> {
  let still: string[] = [];
  for (let pass = 0; pass < 12; pass++) {
    let moved = false;
    for (const device of devices) {
      const before = await device.engine.status();
      const after = await device.engine.syncNow();
      if (after.cursor !== before.cursor || before.waiting > 0) moved = true;
    }
    if (moved) continue;
    const heads = await db.query<{ id: string; head: string }>('select id, log_position::text as head from tenants');
    const head = new Map(heads.rows.map((row) => [row.id, Number(row.head)]));
    still = [];
    for (const device of devices) {
      const status = await device.engine.status();
      if (status.waiting > 0 || status.cursor !== head.get(device.tenant.id) || !SETTLED.includes(status.state))
        still.push(`${device.name}: ${status.state} waiting ${status.waiting} cursor ${status.cursor}`);
    }
    if (still.length === 0) return [];
  }
  return [`the devices did not settle after 12 healed passes: ${still.join('; ') || 'still moving'}`];
}

interface ServerEvent {
  id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: Loose;
  actor: Loose;
  occurred_at: string;
  device_id: string | null;
  position: string;
}

/** What a device or the server holds, reduced to what must agree: each decision's status and approvers, the constitution. */
function projection(decisions: Iterable<Decision>, constitution: unknown): { hash: string; value: unknown } {
  const value = {
    decisions: [...decisions]
      .map((d) => [d.id, d.status, (d.approvals ?? []).map((approval) => approval.by.id).sort()])
      .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    constitution,
  };
  return { hash: sha(value), value };
}

/** The oracle: every check of the sync issue, each failure in a line. */
async function oracle(
  devices: Device[],
  tenants: Tenant[],
  db: pg.Client,
  runs: { decisionId: string; device: string }[],
  proposedOn: Map<string, string>,
  fuzz: FuzzServer,
): Promise<string[]> {
  const failures: string[] = [];
  const serverStatus = new Map<string, DecisionStatus>();
  for (const tenant of tenants) {
    const { rows } = await db.query<ServerEvent>(
      `select id, stream_id, stream_version, type, data, actor, occurred_at::text, device_id, position
         from sync_events where tenant_id = $1 order by sync_events.position`,
      [tenant.id],
    );
    // (2) no event twice in the server's log.
    const times = new Map<string, number>();
    for (const row of rows) times.set(row.id, (times.get(row.id) ?? 0) + 1);
    for (const [id, n] of times)
      if (n > 1) failures.push(`${tenant.key}: event ${id} is ${n} times in the server's log`);

    // (1) the server's projection: its decision streams folded as a device folds them, its newest constitution.
    const streams = new Map<string, StoredEvent[]>();
    for (const row of rows) {
      const list = streams.get(row.stream_id) ?? [];
      list.push({
        id: row.id,
        tenantId: tenant.id,
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        globalPosition: Number(row.position),
        type: row.type,
        data: row.data,
        meta: { actor: row.actor, deviceId: row.device_id ?? 'server' },
        occurredAt: new Date(row.occurred_at).toISOString(),
      });
      streams.set(row.stream_id, list);
    }
    const decisions: Decision[] = [];
    for (const [streamId, events] of streams) {
      if (!streamId.startsWith('decision-')) continue;
      const decision = mergeDecision({ confirmed: events, pending: [], refused: 0, writtenHere: new Set() });
      if (decision) {
        decisions.push(decision);
        serverStatus.set(decision.id, decision.status);
      }
    }
    const changes = (streams.get(CONSTITUTION_STREAM) ?? []).filter((e) => e.type === 'constitution.changed');
    const newest = changes.reverse().find((e) => Constitution.safeParse(e.data.constitution).success);
    const constitution = newest ? Constitution.parse(newest.data.constitution) : null;
    const onServer = projection(decisions, constitution);
    for (const device of devices.filter((d) => d.tenant === tenant)) {
      const here = projection(
        await device.governance.list({ status: ALL, limit: 100_000 }),
        await device.governance.constitution(),
      );
      if (here.hash !== onServer.hash) {
        const view = await readStreamView(device.store, CONSTITUTION_STREAM);
        const versions = (events: StoredEvent[]) =>
          events.map((e) => `${e.globalPosition}:v${(e.data.constitution as Loose)?.version}`).join(' ');
        failures.push(
          `${device.name}: projection ${here.hash} ≠ the server's ${onServer.hash}: ${diff(here.value, onServer.value)}` +
            ` (constitution here: confirmed ${versions(view.confirmed)}, pending ${versions(view.pending)};` +
            ` on the server ${versions(changes)})`,
        );
      }
    }

    // (4) no review counted from someone without a say at the time: members, and the demoted owner after it.
    const reviews = await db.query<{ user_id: string; reviewed_at: string; decision_id: string; verdict: string }>(
      'select user_id, reviewed_at::text, decision_id, verdict from decision_reviews where tenant_id = $1',
      [tenant.id],
    );
    for (const review of reviews.rows) {
      const user = tenant.users.find((u) => u.id === review.user_id);
      const demoted =
        tenant.demoted?.userId === review.user_id && new Date(review.reviewed_at) >= new Date(tenant.demoted.at);
      if (user?.role === 'member' || demoted) {
        failures.push(
          `${tenant.key}: ${user?.key ?? review.user_id} ${review.verdict} ${review.decision_id} at ${review.reviewed_at} without the role`,
        );
      }
    }

    // (5) the server's audit chain verifies.
    const sovereign = tenant.users.find((u) => u.role === 'sovereign') as User;
    const verified = await fuzz.server.api('GET', `/tenants/${tenant.id}/audit/verify`, sovereign.token);
    if (!verified.ok) failures.push(`${tenant.key}: the server's audit chain breaks: ${JSON.stringify(verified)}`);

    // (2) every event a device wrote is in the log once (accepted or duplicate) or refused with a reason.
    for (const device of devices.filter((d) => d.tenant === tenant)) {
      const outbox = rowsOf<{ seq: number; event_id: string; status: string | null; refusal: Loose }>(
        await device.store.db.execute(sql.raw('select seq, event_id, status, refusal from sync_outbox order by seq')),
      );
      const status = await device.engine.status();
      if (status.waiting > 0) failures.push(`${device.name}: ${status.waiting} events still wait`);
      for (const row of outbox) {
        const n = times.get(row.event_id) ?? 0;
        if (row.status === 'refused') {
          if (n > 0) failures.push(`${device.name}: seq ${row.seq} refused here but in the server's log`);
          if (!row.refusal?.code) failures.push(`${device.name}: seq ${row.seq} refused without a reason`);
        } else if (n !== 1)
          failures.push(`${device.name}: seq ${row.seq} (${row.status}) is ${n} times in the server's log`);
      }
    }
  }

  // (3) each decision ran at most once, on the device that proposed it, and only if the server says it was approved.
  const ranOn = new Map<string, string[]>();
  for (const run of runs) ranOn.set(run.decisionId, [...(ranOn.get(run.decisionId) ?? []), run.device]);
  for (const [id, where] of ranOn) {
    if (where.length > 1) failures.push(`decision ${id} ran ${where.length} times (${where.join(', ')})`);
    if (where.some((name) => name !== proposedOn.get(id)))
      failures.push(`decision ${id} ran on ${where} but was proposed on ${proposedOn.get(id)}`);
    const status = serverStatus.get(id);
    if (!status || !RAN.includes(status)) failures.push(`decision ${id} ran but the server says ${status}`);
  }
  for (const [id, status] of serverStatus) {
    if ((status === 'approved' || RAN.includes(status)) && proposedOn.has(id) && !ranOn.has(id))
      failures.push(`decision ${id} is ${status} on the server but never ran on ${proposedOn.get(id)}`);
  }

  // (5) every device's own audit chain verifies.
  for (const device of devices) {
    const { verification } = await device.governance.verifyAudit();
    if (!verification.ok)
      failures.push(`${device.name}: its audit chain breaks at ${verification.brokenAt}: ${verification.reason}`);
  }
  return failures;
}

/** Where two projections first differ, in a line. */
function diff(here: unknown, there: unknown): string {
  const a = here as { decisions: unknown[][]; constitution: unknown };
  const b = there as { decisions: unknown[][]; constitution: unknown };
  if (sha(a.constitution) !== sha(b.constitution))
    return `constitution v${(a.constitution as Loose)?.version} here, v${(b.constitution as Loose)?.version} there`;
  const theirs = new Map(b.decisions.map((d) => [d[0], JSON.stringify(d)]));
  const ours = new Map(a.decisions.map((d) => [d[0], JSON.stringify(d)]));
  for (const [id, line] of ours) if (theirs.get(id) !== line) return `here ${line}, there ${theirs.get(id) ?? 'none'}`;
  for (const [id, line] of theirs) if (!ours.has(id)) return `here none, there ${line}`;
  return 'no difference found';
}

/** The events the devices wrote, and the server's refusals of them by code. */
async function figures(devices: Device[]): Promise<{ events: number; refused: Record<string, number> }> {
  let events = 0;
  const refused: Record<string, number> = {};
  for (const device of devices) {
    const rows = rowsOf<{ code: string | null; n: number }>(
      await device.store.db.execute(
        sql.raw("select refusal->>'code' as code, count(*)::int as n from sync_outbox group by 1"),
      ),
    );
    for (const { code, n } of rows) {
      events += n;
      if (code) refused[code] = (refused[code] ?? 0) + n;
    }
  }
  return { events, refused };
}

/** A failing seed, compactly: its failures, then the last steps of its trace. */
export function describeFailure(report: SeedReport, lines = 80): string {
  return [
    `seed ${report.seed}: ${report.failures.length} failure(s)`,
    ...report.failures.map((f) => `  ✗ ${f}`),
    `trace (last ${Math.min(lines, report.trace.length)} of ${report.trace.length}):`,
    ...report.trace.slice(-lines).map((l) => `  ${l}`),
  ].join('\n');
}
