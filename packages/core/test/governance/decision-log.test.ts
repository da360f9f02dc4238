import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError, type DecisionProposal } from '../../src/contracts/index.js';
import { AuditLog, DecisionLog, foldDecision, mergeDecision } from '../../src/governance/index.js';
import { EventStore } from '../../src/store/index.js';
import { readStreamViews, type StreamView } from '../../src/sync/stream-view.js';
import { preparedDataDir, removeDataDir } from '../store/prepared-store.js';

const ai = { kind: 'ai', id: 'claude' } as const;
const owner = { kind: 'user', id: 'owner' } as const;
const member = { kind: 'user', id: 'member' } as const;

const writeReadme: DecisionProposal = {
  kind: 'file.write',
  rationale: 'The README has a typo.',
  payload: { path: 'README.md', diff: '-teh\n+the' },
  risk: 'medium',
};

let dataDir: string;
let store: EventStore;
let audit: AuditLog;
let decisions: DecisionLog;

async function open() {
  store = await EventStore.open(dataDir);
  audit = new AuditLog(store);
  decisions = new DecisionLog(store, audit);
}

beforeAll(async () => {
  dataDir = await preparedDataDir();
  await open();
});

afterAll(async () => {
  await store?.close();
  await removeDataDir(dataDir);
});

async function failureOf(promise: Promise<unknown>): Promise<CoreError> {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(CoreError);
  return error as CoreError;
}

describe('DecisionLog', () => {
  it('proposes, and lets only a person approve: never the AI that proposed', async () => {
    const proposed = await decisions.propose(ai, writeReadme);
    expect(proposed).toMatchObject({ status: 'pending', kind: 'file.write', risk: 'medium', actor: ai, version: 1 });
    expect(await decisions.get(proposed.id)).toEqual(proposed);

    expect((await failureOf(decisions.approve(proposed.id, ai))).code).toBe('PERMISSION_DENIED');
    // A decision a person starts: their own approval counts, so a lone owner can act.
    const mine = await decisions.propose(owner, { ...writeReadme, kind: 'deploy', risk: 'high' });
    expect(await decisions.approve(mine.id, owner, 'mine')).toMatchObject({ status: 'approved' });
    const twoNeeded = await decisions.propose(owner, { ...writeReadme, kind: 'deploy', risk: 'high', quorum: 2 });
    expect(await decisions.approve(twoNeeded.id, owner)).toMatchObject({
      status: 'pending',
      approvals: [{ by: owner }],
    });
    expect((await failureOf(decisions.approve(twoNeeded.id, owner))).code).toBe('CONFLICT');
    expect(await decisions.approve(twoNeeded.id, member)).toMatchObject({ status: 'approved' });

    const approved = await decisions.approve(proposed.id, owner, 'fine');
    expect(approved).toMatchObject({ status: 'approved', review: { verdict: 'approved', by: owner, comment: 'fine' } });
    const again = await failureOf(decisions.approve(proposed.id, member));
    expect(again).toMatchObject({ code: 'CONFLICT', details: { status: 'approved' } });
    expect((await failureOf(decisions.get('0190f5a0-0000-7000-8000-00000000dead'))).code).toBe('NOT_FOUND');
    expect((await failureOf(decisions.propose(ai, { ...writeReadme, risk: 'fatal' } as never))).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('rejects, escalates and expires, and refuses steps that do not follow', async () => {
    const rejected = await decisions.reject((await decisions.propose(ai, writeReadme)).id, owner, 'no');
    expect(rejected).toMatchObject({ status: 'rejected', review: { verdict: 'rejected', comment: 'no' } });
    expect((await failureOf(decisions.approve(rejected.id, owner))).code).toBe('CONFLICT');

    const escalated = await decisions.escalate((await decisions.propose(ai, writeReadme)).id, 'waited an hour');
    expect(escalated).toMatchObject({ status: 'escalated', escalation: { reason: 'waited an hour' } });
    expect((await decisions.approve(escalated.id, member)).status).toBe('approved');

    const expired = await decisions.expire((await decisions.propose(ai, writeReadme)).id);
    expect(expired.status).toBe('expired');
    expect((await failureOf(decisions.escalate(expired.id, 'too late'))).code).toBe('CONFLICT');
  });

  it('lets one of two racing reviewers win and keeps the loser out of the audit log', async () => {
    const { id } = await decisions.propose(ai, writeReadme);
    const outcomes = await Promise.allSettled([decisions.approve(id, owner), decisions.reject(id, member)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const loser = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(loser?.status === 'rejected' && loser.reason).toMatchObject({ code: 'CONFLICT' });
    const reviews = (await audit.entries()).filter(
      (entry) => entry.subject === `decision:${id}` && entry.action !== 'decision.proposed',
    );
    expect(reviews).toHaveLength(1);
  });

  it('runs an approved action exactly once, however many executors race', async () => {
    const { id } = await decisions.propose(ai, writeReadme);
    await decisions.approve(id, owner);
    let runs = 0;
    const action = async () => {
      runs += 1;
      return { written: 'README.md' };
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => decisions.execute(id, owner, action)));
    expect(runs).toBe(1);
    const won = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ status: 'executed', outcome: { by: owner, result: { written: 'README.md' } } });
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'CONFLICT' });
    }
    expect((await failureOf(decisions.execute(id, owner, action))).code).toBe('CONFLICT');
    expect(runs).toBe(1);
  });

  it('never runs what is not approved, and never retries a failed run', async () => {
    let runs = 0;
    const pending = await decisions.propose(ai, writeReadme);
    expect((await failureOf(decisions.execute(pending.id, owner, async () => ({ ran: ++runs })))).code).toBe(
      'CONFLICT',
    );
    expect(runs).toBe(0);

    await decisions.approve(pending.id, owner);
    await expect(
      decisions.execute(pending.id, owner, async () => {
        runs += 1;
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await decisions.get(pending.id)).toMatchObject({ status: 'failed', outcome: { error: 'disk full' } });
    expect((await failureOf(decisions.execute(pending.id, owner, async () => ({ ran: ++runs })))).code).toBe(
      'CONFLICT',
    );
    expect(runs).toBe(1);
  });

  it('records every step in the audit log, which verifies', async () => {
    const { id } = await decisions.propose(ai, writeReadme);
    await decisions.approve(id, owner, 'ok');
    await decisions.execute(id, owner, async () => ({ done: true }));
    const mine = (await audit.entries()).filter((entry) => entry.subject === `decision:${id}`);
    expect(mine.map((entry) => entry.action)).toEqual([
      'decision.proposed',
      'decision.approved',
      'decision.executing',
      'decision.executed',
    ]);
    expect(mine[0]?.data).toMatchObject({ kind: 'file.write', risk: 'medium', payloadSha256: expect.any(String) });
    expect(mine[0]?.data).not.toHaveProperty('payload');
    expect(mine[1]).toMatchObject({ actor: owner, data: { comment: 'ok' } });
    const verification = await audit.verify();
    expect(verification).toMatchObject({ ok: true, count: (await audit.entries()).length });
  });

  it('reads every decision as its own stream folds it, before sync as before', async () => {
    const fresh = await decisions.propose(ai, { ...writeReadme, risk: 'low' });
    const views = await readStreamViews(store, { prefix: 'decision-' });
    expect(mergeDecision(views.get(`decision-${fresh.id}`) as StreamView)).toEqual(fresh);
    for (const [streamId, view] of views) {
      expect(mergeDecision(view)).toEqual(foldDecision(await store.readStream(streamId)));
    }
  });

  it('keeps a pending decision pending across a restart', async () => {
    const pending = await decisions.propose(ai, writeReadme);
    await store.close();
    await open();
    expect(await decisions.get(pending.id)).toEqual(pending);
    expect((await decisions.approve(pending.id, owner)).status).toBe('approved');
  });
});

describe('a killed app', () => {
  it('finds its pending decision pending and its interrupted run not run again', async () => {
    const folder = await preparedDataDir();
    try {
      const fixture = fileURLToPath(new URL('./fixtures/decide-then-die.ts', import.meta.url));
      const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', fixture, folder], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.once('error', reject);
        child.once('exit', (code, killedBy) =>
          killedBy ? resolve(killedBy) : reject(new Error(`exit ${code}: ${stderr}`)),
        );
      });
      expect(signal).toBe('SIGKILL');
      const ids = JSON.parse(await readFile(join(folder, 'decisions.json'), 'utf8')) as {
        pending: string;
        running: string;
      };

      const reopened = await EventStore.open(folder);
      try {
        const log = new DecisionLog(reopened, new AuditLog(reopened));
        expect(await log.get(ids.pending)).toMatchObject({ status: 'pending', actor: ai });
        expect(await log.get(ids.running)).toMatchObject({ status: 'executing' });
        let runs = 0;
        const rerun = await failureOf(log.execute(ids.running, owner, async () => ({ ran: ++runs })));
        expect(rerun.code).toBe('CONFLICT');
        expect(runs).toBe(0);
        expect(await new AuditLog(reopened).verify()).toEqual(expect.objectContaining({ ok: true, count: 4 }));
      } finally {
        await reopened.close();
      }
    } finally {
      await removeDataDir(folder);
    }
  });
});
