import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sized } from '../../../packages/core/test/support/slow.js';
import { describeFailure, FuzzServer, type FuzzSize, runSeed, type SeedReport } from './support/sync-fuzz.js';

// The sync fuzz (support/sync-fuzz.ts): a few fixed seeds here; `npm run test:slow` (WEBNOVA_SLOW_TESTS=1)
// and `node scripts/sync-fuzz.mjs --seeds N [--from S]` run more. WEBNOVA_SYNC_FUZZ_SEEDS, _FROM and _STEPS
// set the run; each seed's figures go to stdout as one JSON line, the run's as the last.
const from = Number(process.env.WEBNOVA_SYNC_FUZZ_FROM ?? 1);
const count = Number(process.env.WEBNOVA_SYNC_FUZZ_SEEDS ?? sized(1, 20));
const size: FuzzSize = {
  steps: Number(process.env.WEBNOVA_SYNC_FUZZ_STEPS ?? sized(30, 60)),
  kills: 1,
  faultChance: 0.4,
};

describe('sync under faults: 12 devices, the real server, kill -9, and an oracle', () => {
  let fuzz: FuzzServer;
  const reports: SeedReport[] = [];

  beforeAll(async () => {
    fuzz = await FuzzServer.start();
  });

  afterAll(async () => {
    await fuzz?.close();
    const faults = sum(reports.map((r) => r.faults));
    const seconds = reports.map((r) => r.seconds);
    const total = {
      run: 'sync-fuzz',
      seeds: reports.length,
      from,
      steps: size.steps,
      devices: 12,
      events: reports.reduce((n, r) => n + r.events, 0),
      refused: sum(reports.map((r) => r.refused)),
      phases: sum(reports.map((r) => r.phases)),
      decisions: reports.reduce((n, r) => n + r.decisions, 0),
      runs: reports.reduce((n, r) => n + r.runs, 0),
      faults,
      failedSeeds: reports.filter((r) => r.failures.length > 0).map((r) => r.seed),
      seconds: Math.round(seconds.reduce((n, s) => n + s, 0)),
      secondsPerSeed: Number((seconds.reduce((n, s) => n + s, 0) / Math.max(1, seconds.length)).toFixed(1)),
    };
    console.log(JSON.stringify(total));
  });

  for (let seed = from; seed < from + count; seed++) {
    it(`seed ${seed}`, { timeout: 600_000 }, async () => {
      const report = await runSeed(fuzz, seed, size);
      reports.push(report);
      const { trace: _trace, failures, ...figures } = report;
      console.log(JSON.stringify({ ...figures, failures: failures.length }));
      if (failures.length > 0 || process.env.WEBNOVA_SYNC_FUZZ_TRACE) console.log(describeFailure(report));
      expect(failures, describeFailure(report)).toEqual([]);
    });
  }
});

/** Counts by key, added up. */
function sum(counts: Partial<Record<string, number>>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const count of counts) for (const [key, n] of Object.entries(count)) total[key] = (total[key] ?? 0) + (n ?? 0);
  return total;
}
