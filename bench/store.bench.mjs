// The embedded event store and the audit chain on PGlite: open time (new and reopen, with the longest
// event-loop pause while opening), single-event and batched appends, audit verification.
// Core is TypeScript; tsx (a dev dependency of @webnova/core) loads it as it is, without a build.
// Baselines, in alternate rounds: raw PGlite in its own data folder (opening it; inserting rows copied
// from the store's own events table, so of the same size, into a plain table of the same columns
// with no key, index or check, in the same one-JSON-parameter statement the store uses, autocommitted
// or 100 to a statement), and verification in memory for verification read from the store.
import { PGlite } from '@electric-sql/pglite';
import { tsImport } from 'tsx/esm/api';
import { baseline, cleanup, interleaved, report, summarize, tempDir } from './lib.mjs';

const core = await tsImport('../packages/core/src/index.ts', import.meta.url);
const { AuditLog, EventStore, chainAuditEntry, verifyAuditChain, AUDIT_STREAM, AUDIT_RECORDED } = core;

const owner = { kind: 'user', id: 'owner' };
const note = (i) => ({
  type: 'bench.noted',
  data: { i, text: 'a short note of about fifty characters' },
  meta: { actor: owner },
});

/** Runs `open` and says how long it took and the longest the event loop stood still meanwhile. */
async function timedOpen(open) {
  let last = performance.now();
  let longestPause = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestPause = Math.max(longestPause, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const opened = await open();
  const ms = performance.now() - started;
  clearInterval(ticker);
  await opened.close();
  return { ms, longestPause };
}

const openRaw = (dataDir) => PGlite.create({ dataDir });

/** How many a second `job` got through, doing `count`. */
async function perSecond(count, job) {
  const started = performance.now();
  await job();
  return count / ((performance.now() - started) / 1000);
}

/** Open times of the store and of raw PGlite, each with its longest event-loop pause. */
async function reportOpen(figure, rounds, folderOf) {
  const opens = await interleaved(rounds, [
    (round) => timedOpen(() => EventStore.open(folderOf('store', round))),
    (round) => timedOpen(() => openRaw(folderOf('raw', round))),
  ]);
  const [store, raw] = opens.map((samples) => ({
    ...summarize(samples.map((sample) => sample.ms)),
    longest_event_loop_pause_ms: Math.max(...samples.map((sample) => sample.longestPause)),
  }));
  report('store', figure, 'ms', store, { figure: `raw PGlite ${figure}`, ...raw });
}

const dir = await tempDir('webnova-bench-store-');
try {
  // PGlite's one-time start in this process (loading and compiling its WebAssembly) would fall on
  // whichever side opens first: an in-memory database pays it before either is timed.
  await (await PGlite.create()).close();
  // Open: brand new (initdb + migrations), then reopening the same folder.
  await reportOpen('open_new_data_dir', 3, (kind, round) => `${dir}/${kind}-${round}`);
  await reportOpen('open_existing_data_dir', 5, (kind) => `${dir}/${kind}-0`);

  const store = await EventStore.open(`${dir}/store-0`);
  const raw = await openRaw(`${dir}/raw-0`);
  const [{ columns }] = (
    await store.db.$client.query(`select string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', '
      order by attnum) as columns from pg_attribute where attrelid = 'events'::regclass and attnum > 0 and not attisdropped`)
  ).rows;
  await raw.exec(`create table plain (${columns})`);
  /** `count` of a stream's stored events, as rows of the events table. */
  const storedRows = async (streamId, count) =>
    (
      await store.db.$client.query(
        'select row_to_json(e) as row from events e where stream_id = $1 order by stream_version limit $2',
        [streamId, count],
      )
    ).rows.map(({ row }) => row);
  const rawInsert = (rows) =>
    raw.query('insert into plain select * from jsonb_populate_recordset(null::plain, $1::jsonb)', [
      JSON.stringify(rows),
    ]);

  /**
   * Prints the rate of `append` (each call stores `count` events in `streamId`) beside raw PGlite
   * inserting the rows it stored, `perStatement` to an autocommitted statement, in alternate rounds.
   * A first call fills the stream the rows are copied from; the first `warmUp` rounds are not counted.
   */
  async function againstRaw(figure, unit, { streamId, count, append, perStatement, rounds, warmUp = 0, values }, name) {
    await append();
    const rows = await storedRows(streamId, count);
    const insertAll = async () => {
      for (let from = 0; from < count; from += perStatement) await rawInsert(rows.slice(from, from + perStatement));
    };
    const [appended, inserted] = await interleaved(rounds, [
      () => perSecond(count, append),
      () => perSecond(count, insertAll),
    ]);
    const counted = (samples) => samples.slice(warmUp);
    report('store', figure, unit, { ...summarize(counted(appended)), ...values }, baseline(name, counted(inserted)));
  }

  // Single-event appends, one transaction each, in rounds of 250.
  let version = 0;
  await againstRaw(
    'single_event_appends',
    'appends/s',
    {
      streamId: 'bench-single',
      count: 250,
      append: async () => {
        for (let i = 0; i < 250; i++) await store.append('bench-single', version++, [note(i)]);
      },
      perStatement: 1,
      rounds: 12,
      warmUp: 2,
      values: { target: 1000 },
    },
    'raw PGlite single-row inserts, same rows, plain table',
  );

  // Batched appends: 100 events per transaction, rounds of 20 transactions.
  const batch = Array.from({ length: 100 }, (_, i) => note(i));
  let batchVersion = 0;
  await againstRaw(
    'batched_appends_100_per_transaction',
    'events/s',
    {
      streamId: 'bench-batched',
      count: 2000,
      append: async () => {
        for (let i = 0; i < 20; i++) {
          await store.append('bench-batched', batchVersion, batch);
          batchVersion += 100;
        }
      },
      perStatement: 100,
      rounds: 12,
      warmUp: 2,
      values: { target: 20000 },
    },
    'raw PGlite inserts of 100 rows a statement, same rows, plain table',
  );

  // Audit entries recorded one by one through the AuditLog (each its own transaction).
  const audit = new AuditLog(store);
  const recordedAt = new Date().toISOString();
  await againstRaw(
    'audit_entries_recorded_one_by_one',
    'entries/s',
    {
      streamId: AUDIT_STREAM,
      count: 100,
      append: async () => {
        for (let i = 0; i < 100; i++) {
          await audit.record({
            occurredAt: recordedAt,
            actor: owner,
            action: 'bench.recorded',
            subject: `bench:${i}`,
            data: { i },
          });
        }
      },
      perStatement: 1,
      rounds: 5,
    },
    'raw PGlite single-row inserts of the audit rows, plain table',
  );

  // Audit verification over 20,000 entries: pure (in memory) and from the store (read + verify).
  const entries = await audit.entries();
  while (entries.length < 20_000) {
    const next = entries.at(-1);
    entries.push(
      chainAuditEntry(next, {
        occurredAt: recordedAt,
        actor: owner,
        action: 'decision.approved',
        subject: `decision:${entries.length}`,
        data: { eventId: '0190f5a0-0000-7000-8000-000000000001', comment: 'looks right to me' },
      }),
    );
  }
  const stored = await store.streamVersion(AUDIT_STREAM);
  for (let from = stored; from < entries.length; from += 1000) {
    const slice = entries.slice(from, from + 1000);
    await store.append(
      AUDIT_STREAM,
      from,
      slice.map((entry) => ({
        type: AUDIT_RECORDED,
        data: entry,
        meta: { actor: entry.actor },
        occurredAt: entry.occurredAt,
      })),
    );
  }
  const pure = [];
  const fromStore = [];
  for (let run = 0; run < 5; run++) {
    let started = performance.now();
    const inMemory = verifyAuditChain(entries, { count: entries.length });
    pure.push(entries.length / ((performance.now() - started) / 1000));
    started = performance.now();
    const result = await audit.verify();
    fromStore.push(entries.length / ((performance.now() - started) / 1000));
    if (!inMemory.ok || !result.ok || result.count !== entries.length)
      throw new Error('the bench chain does not verify');
  }
  report('store', 'audit_verification_in_memory', 'entries/s', {
    ...summarize(pure),
    entries: entries.length,
    target: 100000,
  });
  report(
    'store',
    'audit_verification_from_store',
    'entries/s',
    { ...summarize(fromStore), entries: entries.length, target: 100000 },
    baseline('audit_verification_in_memory', pure),
  );

  await store.close();
  await raw.close();
} finally {
  await cleanup(dir);
}
