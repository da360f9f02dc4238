import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Decision } from '../../src/contracts/governance.js';
import { DecisionTimers, nextDue } from '../../src/governance/decision-timers.js';

const base: Decision = {
  id: '01900000-0000-7000-8000-000000000001',
  kind: 'file.write',
  actor: { kind: 'ai', id: 'assistant' },
  rationale: '',
  payload: {},
  risk: 'medium',
  status: 'pending',
  proposedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

describe('nextDue', () => {
  it('picks the earlier of escalation and expiry, expiry on a tie, and nothing once answered', () => {
    const both = { ...base, escalateAt: '2026-01-01T01:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z' };
    expect(nextDue(both)).toEqual({ step: 'escalate', at: Date.parse('2026-01-01T01:00:00.000Z') });
    expect(nextDue({ ...both, status: 'escalated' })).toEqual({ step: 'expire', at: Date.parse(both.expiresAt) });
    expect(nextDue({ ...both, escalateAt: both.expiresAt })?.step).toBe('expire');
    expect(nextDue(base)).toBeNull();
    for (const status of ['approved', 'rejected', 'expired', 'executing', 'executed', 'failed'] as const) {
      expect(nextDue({ ...both, status })).toBeNull();
    }
  });
});

describe('DecisionTimers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires what fell due while closed at once, the rest when due, and forgets cancelled decisions', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00.000Z') });
    const fired: string[] = [];
    const timers = new DecisionTimers((id, step) => fired.push(`${id}:${step}`));
    timers.schedule({ ...base, id: 'late', expiresAt: new Date(Date.now() - 1_000).toISOString() });
    timers.schedule({ ...base, id: 'soon', escalateAt: new Date(Date.now() + 30).toISOString() });
    timers.schedule({ ...base, id: 'cancelled', expiresAt: new Date(Date.now() + 20).toISOString() });
    timers.cancel('cancelled');
    expect(timers.size).toBe(2);
    vi.advanceTimersByTime(0);
    expect(fired).toEqual(['late:expire']);
    vi.advanceTimersByTime(29);
    expect(fired).toEqual(['late:expire']);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['late:expire', 'soon:escalate']);
    expect(timers.size).toBe(0);
    vi.advanceTimersByTime(1_000);
    expect(fired).toHaveLength(2);
    timers.clear();
  });

  it('re-arms a wait longer than setTimeout can hold, and fires it on the day', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00.000Z') });
    const fired: string[] = [];
    const timers = new DecisionTimers((id, step) => fired.push(`${id}:${step}`));
    const days = 40 * 24 * 60 * 60_000;
    timers.schedule({ ...base, id: 'far', expiresAt: new Date(Date.now() + days).toISOString() });
    vi.advanceTimersByTime(days - 1);
    expect(fired).toEqual([]);
    expect(timers.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['far:expire']);
    timers.clear();
  });
});
