// The embedded event store and the audit chain on PGlite: open time (new and reopen, with the longest
// event-loop pause while opening), single-event and batched appends, audit verification.
// Core is TypeScript; tsx (a dev dependency of @webnova/core) loads it as it is, without a build.
import { tsImport } from 'tsx/esm/api';
import { cleanup, report, summarize, tempDir } from './lib.mjs';

const core = await tsImport('../packages/core/src/index.ts', import.meta.url);
const { AuditLog, EventStore, chainAuditEntry, verifyAuditChain, AUDIT_STREAM, AUDIT_RECORDED } = core;

const owner = { kind: 'user', id: 'owner' };
const note = (i) => ({
  type: 'bench.noted',
  data: { i, text: 'a short note of about fifty characters' },
  meta: { actor: owner },
});

/** Runs `open` and reports how long it took and the longest the event loop stood still meanwhile. */
async function timedOpen(dataDir) {
  let last = performance.now();
  let longestPause = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestPause = Math.max(longestPause, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const store = await EventStore.open(dataDir);
  const ms = performance.now() - started;
  clearInterval(ticker);
  return { store, ms, longestPause };
}

const dir = await tempDir('webnova-bench-store-');
try {
  // Open: brand new (initdb + migrations), then reopening the same folder.
  const fresh = [];
  const freshPauses = [];
  for (let run = 0; run < 3; run++) {
    const { store, ms, longestPause } = await timedOpen(`${dir}/new-${run}`);
    fresh.push(ms);
    freshPauses.push(longestPause);
    await store.close();
  }
  report('store', 'open_new_data_dir', 'ms', {
    ...summarize(fresh),
    longest_event_loop_pause_ms: Math.max(...freshPauses),
  });

  const reopen = [];
  const reopenPauses = [];
  for (let run = 0; run < 5; run++) {
    const { store, ms, longestPause } = await timedOpen(`${dir}/new-0`);
    reopen.push(ms);
    reopenPauses.push(longestPause);
    await store.close();
  }
  report('store', 'open_existing_data_dir', 'ms', {
    ...summarize(reopen),
    longest_event_loop_pause_ms: Math.max(...reopenPauses),
  });

  const store = await EventStore.open(`${dir}/new-0`);

  // Single-event appends, one transaction each, in rounds of 250.
  const single = [];
  let version = 0;
  for (let round = 0; round < 12; round++) {
    const started = performance.now();
    for (let i = 0; i < 250; i++) {
      await store.append('bench-single', version, [note(i)]);
      version += 1;
    }
    single.push(250 / ((performance.now() - started) / 1000));
  }
  report('store', 'single_event_appends', 'appends/s', { ...summarize(single.slice(2)), target: 1000 });

  // Batched appends: 100 events per transaction, rounds of 20 transactions.
  const batched = [];
  const batch = Array.from({ length: 100 }, (_, i) => note(i));
  let batchVersion = 0;
  for (let round = 0; round < 12; round++) {
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      await store.append('bench-batched', batchVersion, batch);
      batchVersion += 100;
    }
    batched.push(2000 / ((performance.now() - started) / 1000));
  }
  report('store', 'batched_appends_100_per_transaction', 'events/s', { ...summarize(batched.slice(2)), target: 20000 });

  // Audit entries recorded one by one through the AuditLog (each its own transaction).
  const audit = new AuditLog(store);
  const recordedAt = new Date().toISOString();
  const recorded = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      await audit.record({
        occurredAt: recordedAt,
        actor: owner,
        action: 'bench.recorded',
        subject: `bench:${i}`,
        data: { i },
      });
    }
    recorded.push(100 / ((performance.now() - started) / 1000));
  }
  report('store', 'audit_entries_recorded_one_by_one', 'entries/s', summarize(recorded));

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
  report('store', 'audit_verification_from_store', 'entries/s', {
    ...summarize(fromStore),
    entries: entries.length,
    target: 100000,
  });

  await store.close();
} finally {
  await cleanup(dir);
}
