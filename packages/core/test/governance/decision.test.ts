import { describe, expect, it } from 'vitest';
import {
  CoreError,
  DecisionEventType,
  DecisionStatus,
  type JsonObject,
  type StoredEvent,
} from '../../src/contracts/index.js';
import { applyDecisionEvent, foldDecision, nextDecisionState } from '../../src/governance/decision.js';

/** The state machine, written out pair by pair; everything not listed is refused. */
const legal: Array<[DecisionStatus | null, string, DecisionStatus]> = [
  [null, 'decision.proposed', 'pending'],
  ['pending', 'decision.approved', 'approved'],
  ['pending', 'decision.rejected', 'rejected'],
  ['pending', 'decision.expired', 'expired'],
  ['pending', 'decision.escalated', 'escalated'],
  ['escalated', 'decision.approved', 'approved'],
  ['escalated', 'decision.rejected', 'rejected'],
  ['escalated', 'decision.expired', 'expired'],
  ['pending', 'decision.endorsed', 'pending'],
  ['escalated', 'decision.endorsed', 'escalated'],
  ['approved', 'decision.executing', 'executing'],
  ['executing', 'decision.executed', 'executed'],
  ['executing', 'decision.failed', 'failed'],
];

const owner = { kind: 'user', id: 'owner' } as const;
const ai = { kind: 'ai', id: 'claude' } as const;
let version = 0;

function step(type: string, data: JsonObject, actor: StoredEvent['meta']['actor'] = owner): StoredEvent {
  version += 1;
  return {
    id: `0190f5a0-0000-7000-8000-${String(version).padStart(12, '0')}`,
    tenantId: 'local',
    streamId: 'decision-d1',
    streamVersion: version,
    globalPosition: 100 + version,
    type,
    data,
    meta: { actor, deviceId: 'device' },
    occurredAt: `2024-01-01T00:00:0${version}.000Z`,
  };
}

describe('nextDecisionState', () => {
  it('allows exactly the transitions of the state machine', () => {
    let checked = 0;
    for (const current of [null, ...DecisionStatus.options]) {
      for (const event of DecisionEventType.options) {
        const expected = legal.find(([from, type]) => from === current && type === event)?.[2] ?? null;
        expect(nextDecisionState(current, event), `${current} + ${event}`).toBe(expected);
        checked += 1;
      }
    }
    expect(checked).toBe(9 * 9);
  });

  it('leaves the final states final', () => {
    for (const final of ['rejected', 'expired', 'executed', 'failed'] as const) {
      for (const event of DecisionEventType.options) expect(nextDecisionState(final, event)).toBeNull();
    }
  });
});

describe('folding a decision stream', () => {
  it('builds the decision from its steps', () => {
    version = 0;
    const events = [
      step(
        'decision.proposed',
        { kind: 'file.write', rationale: 'fix typo', payload: { path: 'src/a.ts' }, risk: 'medium' },
        ai,
      ),
      step('decision.escalated', { reason: 'nobody answered' }, { kind: 'system', id: 'webnova' }),
      step('decision.approved', { comment: 'ok' }),
      step('decision.executing', {}, { kind: 'system', id: 'webnova' }),
      step('decision.executed', { result: { bytes: 12 } }, { kind: 'system', id: 'webnova' }),
    ];
    expect(foldDecision(events)).toEqual({
      id: 'd1',
      kind: 'file.write',
      rationale: 'fix typo',
      payload: { path: 'src/a.ts' },
      risk: 'medium',
      actor: ai,
      status: 'executed',
      proposedAt: '2024-01-01T00:00:01.000Z',
      updatedAt: '2024-01-01T00:00:05.000Z',
      escalation: { reason: 'nobody answered', at: '2024-01-01T00:00:02.000Z' },
      review: { verdict: 'approved', by: owner, comment: 'ok', at: '2024-01-01T00:00:03.000Z' },
      approvals: [{ by: owner, comment: 'ok', at: '2024-01-01T00:00:03.000Z' }],
      outcome: {
        by: { kind: 'system', id: 'webnova' },
        startedAt: '2024-01-01T00:00:04.000Z',
        result: { bytes: 12 },
      },
      version: 5,
    });
    expect(foldDecision([])).toBeNull();
  });

  it("keeps core's messages beside their words; steps stored with words only (above) fold as they were", () => {
    version = 0;
    const system = { kind: 'system', id: 'webnova' } as const;
    const summary = {
      code: 'SUMMARY',
      params: { changes: [{ code: 'SUMMARY_ADDS_ROLE', params: { name: 'Clerk' } }] },
    };
    const rationaleMessage = { code: 'AI_BLUEPRINT_RATIONALE', params: { summary, request: 'a clerk' } };
    const events = [
      step(
        'decision.proposed',
        {
          kind: 'blueprint.patch',
          rationale: 'adds role Clerk\nRequest: a clerk',
          rationaleMessage,
          payload: {},
          risk: 'medium',
        },
        ai,
      ),
      step('decision.escalated', { reason: 'Unanswered…', reasonMessage: { code: 'DECISION_UNANSWERED' } }, system),
      step('decision.approved', { comment: 'ok' }),
      step('decision.executing', {}, system),
      step('decision.failed', { error: 'Interrupted…', errorMessage: { code: 'DECISION_INTERRUPTED' } }, system),
    ];
    expect(foldDecision(events)).toMatchObject({
      rationale: 'adds role Clerk\nRequest: a clerk',
      rationaleMessage,
      escalation: { reason: 'Unanswered…', reasonMessage: { code: 'DECISION_UNANSWERED' } },
      outcome: { error: 'Interrupted…', errorMessage: { code: 'DECISION_INTERRUPTED' } },
      status: 'failed',
    });
  });

  it('refuses steps that cannot have been written by the decision log', () => {
    version = 0;
    const proposal = { kind: 'deploy', rationale: '', payload: {}, risk: 'high' };
    const proposed = applyDecisionEvent(null, step('decision.proposed', proposal, ai));
    const bad = [
      step('decision.executed', { result: {} }), // skips approval and the executing marker
      step('decision.approved', { comment: 42 }), // data of the wrong shape
      step('note.written', {}), // not a decision step
    ];
    for (const event of bad) {
      expect(() => applyDecisionEvent(proposed, event)).toThrow(CoreError);
    }
    expect(() => applyDecisionEvent(proposed, step('decision.proposed', proposal))).toThrow(/cannot follow pending/);
  });
});
