import { describe, expect, it } from 'vitest';
import type { Actor, JsonObject, StoredEvent } from '../../src/contracts/index.js';
import { foldDecision, mergeDecision } from '../../src/governance/decision.js';

// The decision as a device knows it once synced: the server's steps, then its own not yet confirmed.
const here = 'device-here';
const there = 'device-there';
const a = { kind: 'user', id: 'user-a' } as const;
const b = { kind: 'user', id: 'user-b' } as const;
const ai = { kind: 'ai', id: 'assistant' } as const;
const server = { kind: 'system', id: 'webnova-server' } as const;
const proposal: JsonObject = {
  kind: 'file.write',
  rationale: 'r',
  payload: { path: 'a', content: 'b' },
  risk: 'low',
  quorum: 2,
};
let counter = 0;

function step(type: string, actor: Actor, deviceId: string, data: JsonObject = { comment: '' }): StoredEvent {
  counter += 1;
  return {
    id: `0190f5a0-0000-7000-8000-${String(counter).padStart(12, '0')}`,
    tenantId: 'local',
    streamId: 'decision-0190f5a0-0000-7000-8000-000000000000',
    streamVersion: counter,
    globalPosition: counter,
    type,
    data,
    meta: { actor, deviceId },
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
  };
}

const view = (confirmed: StoredEvent[], pending: StoredEvent[], refused = 0, writtenHere: StoredEvent[] = []) => ({
  confirmed,
  pending,
  refused,
  writtenHere: new Set([...pending, ...writtenHere].map((event) => event.id)),
});

describe('mergeDecision', () => {
  it('folds a decision the server has never seen exactly as before sync, strictly', () => {
    const proposed = step('decision.proposed', ai, here, proposal);
    const approved = step('decision.approved', a, here);
    expect(mergeDecision(view([], [proposed, approved]))).toEqual(foldDecision([proposed, approved]));
    // Out of order there, a step that cannot follow is the store changed behind its back.
    expect(() => mergeDecision(view([], [proposed, step('decision.executed', a, here, { result: {} })]))).toThrow();
  });

  it("puts this device's unconfirmed steps on top of the server's, and says where it was proposed", () => {
    const proposed = step('decision.proposed', ai, there, proposal);
    const endorsedB = step('decision.endorsed', b, there);
    const mine = step('decision.endorsed', a, here);
    const merged = mergeDecision(view([proposed, endorsedB], [mine]));
    expect(merged).toMatchObject({ status: 'pending', version: 3, origin: { deviceId: there, here: false } });
    expect(merged?.approvals?.map((approval) => approval.by.id)).toEqual(['user-b', 'user-a']);
  });

  it('follows the server where it decided otherwise: a step of ours that no longer fits is left out', () => {
    const proposed = step('decision.proposed', ai, here, proposal);
    const rejected = step('decision.rejected', b, there);
    const late = step('decision.endorsed', a, here);
    const merged = mergeDecision(view([proposed, rejected], [late], 0, [proposed]));
    expect(merged).toMatchObject({ status: 'rejected', version: 2, origin: { deviceId: here, here: true } });
    expect(merged?.approvals).toBeUndefined();
  });

  it("takes the server's closing approval and expiry, and a refused step of ours counts for nothing", () => {
    const proposed = step('decision.proposed', ai, here, proposal);
    const endorsedA = step('decision.endorsed', a, here);
    const endorsedB = step('decision.endorsed', b, there);
    const closing = step('decision.approved', server, 'server');
    const approved = mergeDecision(view([proposed, endorsedA, endorsedB, closing], [], 0, [proposed, endorsedA]));
    expect(approved).toMatchObject({ status: 'approved', origin: { here: true } });
    // This device expired it by its own clock; the server refused that (expiry is by its clock), so it waits.
    const pending = mergeDecision(view([proposed], [], 1, [proposed]));
    expect(pending).toMatchObject({ status: 'pending', origin: { here: true } });
  });

  it('holds no decision for a stream that starts with steps of one seen only through a server now gone', () => {
    expect(mergeDecision(view([], [step('decision.endorsed', a, here)]))).toBeNull();
  });

  it('names no device for a decision proposed through the server’s own routes', () => {
    const proposed = step('decision.proposed', b, 'server', proposal);
    expect(mergeDecision(view([proposed], []))).toMatchObject({ origin: { deviceId: null, here: false } });
  });
});
