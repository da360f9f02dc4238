import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, type AuditRecord, formatMessage } from '../../src/contracts/index.js';
import { auditEntryHash, chainAuditEntry, GENESIS_HASH, verifyAuditChain } from '../../src/governance/audit-chain.js';
import { canonicalJson } from '../../src/governance/canonical-json.js';

const record = fc.record({
  occurredAt: fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  actor: fc.record({
    kind: fc.constantFrom('user' as const, 'ai' as const, 'system' as const),
    id: fc.string({ minLength: 1, maxLength: 12 }),
  }),
  action: fc.constantFrom('decision.proposed', 'decision.approved', 'decision.executed', 'constitution.changed'),
  subject: fc.string({ minLength: 1, maxLength: 20 }),
  data: fc
    .dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
    .map((data) => data as AuditRecord['data']),
}) satisfies fc.Arbitrary<AuditRecord>;

function chainOf(records: readonly AuditRecord[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const next of records) entries.push(chainAuditEntry(entries.at(-1) ?? null, next));
  return entries;
}

const sha256Hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const chain = fc.array(record, { minLength: 1, maxLength: 12 }).map(chainOf);
const fields = ['seq', 'prevHash', 'hash', 'occurredAt', 'actor', 'action', 'subject', 'data'] as const;

/** A replacement for one field that differs from the current value (canonically). */
function otherValue(field: (typeof fields)[number], current: unknown): fc.Arbitrary<unknown> {
  const candidates: Record<(typeof fields)[number], fc.Arbitrary<unknown>> = {
    seq: fc.integer({ min: 1, max: 50 }),
    prevHash: sha256Hex,
    hash: sha256Hex,
    occurredAt: record.map((r) => r.occurredAt),
    actor: record.map((r) => r.actor),
    action: record.map((r) => r.action),
    subject: record.map((r) => r.subject),
    data: record.map((r) => r.data),
  };
  return candidates[field].filter((value) => canonicalJson(value) !== canonicalJson(current));
}

/** The tampered rows, the entries verification may name, and how many entries the store recorded. */
type Tampered = { entries: unknown[]; brokenAt: number[]; recorded: number };

const changeOneRow = chain.chain((entries) =>
  fc
    .record({ index: fc.nat({ max: entries.length - 1 }), field: fc.constantFrom(...fields) })
    .chain(({ index, field }) =>
      otherValue(field, entries[index]?.[field]).map((value): Tampered => {
        const copy: unknown[] = [...entries];
        copy[index] = { ...entries[index], [field]: value };
        return { entries: copy, brokenAt: [index + 1], recorded: entries.length };
      }),
    ),
);

const deleteOneRow = chain.chain((entries) =>
  fc.nat({ max: entries.length - 1 }).map(
    (index): Tampered => ({
      entries: entries.filter((_, i) => i !== index),
      brokenAt: [index + 1],
      recorded: entries.length,
    }),
  ),
);

const reorderRows = chain
  .filter((entries) => entries.length >= 2)
  .chain((entries) =>
    fc
      .uniqueArray(fc.nat({ max: entries.length - 1 }), { minLength: 2, maxLength: 2 })
      .map(([from = 0, to = 0]): Tampered => {
        const copy: unknown[] = [...entries];
        const [moved] = copy.splice(from, 1);
        copy.splice(to, 0, moved);
        return { entries: copy, brokenAt: [Math.min(from, to) + 1], recorded: entries.length };
      }),
  );

const insertOneRow = chain.chain((entries) =>
  fc
    .record({
      at: fc.nat({ max: entries.length }),
      source: fc.oneof(
        fc.nat({ max: entries.length - 1 }).map((i) => ({ replay: i })), // a copy of an existing entry
        record.map((forged) => ({ forged })), // a new entry, correctly linked and hashed where it goes
      ),
    })
    .map(({ at, source }): Tampered => {
      const inserted =
        'replay' in source
          ? entries[source.replay]
          : chainAuditEntry(at === 0 ? null : (entries[at - 1] ?? null), source.forged);
      const copy: unknown[] = [...entries];
      copy.splice(at, 0, inserted);
      return { entries: copy, brokenAt: [at + 1, at + 2], recorded: entries.length };
    }),
);

describe('the audit chain (pure)', () => {
  it('hashes exactly the documented fields, canonically', () => {
    const entry = chainAuditEntry(null, {
      occurredAt: '2024-05-06T07:08:09.010Z',
      actor: { kind: 'user', id: 'owner' },
      action: 'decision.approved',
      subject: 'decision:1',
      data: { b: 1, a: [true, null] },
    });
    const expected = createHash('sha256')
      .update(
        '{"action":"decision.approved","actor":{"id":"owner","kind":"user"},"data":{"a":[true,null],"b":1},' +
          `"occurredAt":"2024-05-06T07:08:09.010Z","prevHash":"${GENESIS_HASH}","seq":1,"subject":"decision:1"}`,
      )
      .digest('hex');
    expect(entry).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, hash: expected });
    expect(auditEntryHash({ ...entry, ...{ extra: 'not hashed' } })).toBe(expected);
  });

  it('writes the hashed object exactly as canonicalJson would', () => {
    fc.assert(
      fc.property(chain, (entries) => {
        for (const { seq, prevHash, occurredAt, actor, action, subject, data, hash } of entries) {
          const text = canonicalJson({ seq, prevHash, occurredAt, actor, action, subject, data });
          expect(hash).toBe(createHash('sha256').update(text).digest('hex'));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('verifies every untouched chain', () => {
    fc.assert(
      fc.property(chain, (entries) => {
        expect(verifyAuditChain(entries, { count: entries.length, headHash: entries.at(-1)?.hash })).toEqual({
          ok: true,
          count: entries.length,
          headHash: entries.at(-1)?.hash,
        });
      }),
      { numRuns: 500 },
    );
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  for (const [name, tampering, runs] of [
    ['any single-row change', changeOneRow, 3000],
    ['any single-row deletion', deleteOneRow, 1500],
    ['any reordering of rows', reorderRows, 1500],
    ['any single-row insertion', insertOneRow, 1500],
  ] as const) {
    it(`fails on ${name}, naming the first broken entry`, () => {
      fc.assert(
        fc.property(tampering, ({ entries, brokenAt, recorded }) => {
          const result = verifyAuditChain(entries, { count: recorded });
          expect(result.ok).toBe(false);
          if (!result.ok) expect(brokenAt).toContain(result.brokenAt);
        }),
        { numRuns: runs },
      );
    });
  }

  it('needs an anchor to notice a cut-off tail or a rewritten newest entry', () => {
    const entries = chainOf(
      ['one', 'two', 'three'].map((subject) => ({
        occurredAt: '2024-01-01T00:00:00.000Z',
        actor: { kind: 'system' as const, id: 'webnova' },
        action: 'test.recorded',
        subject,
        data: {},
      })),
    );
    const [first, second, third] = entries;
    if (!first || !second || !third) throw new Error('three entries expected');
    const cut = [first, second];
    expect(verifyAuditChain(cut).ok).toBe(true);
    expect(verifyAuditChain(cut, { count: 3 })).toMatchObject({ ok: false, brokenAt: 3, problem: 'anchor' });

    const forged = [first, second, chainAuditEntry(second, { ...third, subject: 'forged' })];
    expect(verifyAuditChain(forged, { count: 3 }).ok).toBe(true);
    expect(verifyAuditChain(forged, { count: 3, headHash: third.hash })).toMatchObject({
      ok: false,
      brokenAt: 3,
      problem: 'anchor',
    });
  });

  it('names what is wrong', () => {
    const entries = chainOf(
      ['a', 'b'].map((subject) => ({
        occurredAt: '2024-01-01T00:00:00.000Z',
        actor: { kind: 'user' as const, id: 'u' },
        action: 'x.y',
        subject,
        data: {},
      })),
    );
    const [a, b] = entries as [AuditEntry, AuditEntry];
    expect(verifyAuditChain([a, { ...b, subject: 'z' }])).toMatchObject({
      brokenAt: 2,
      problem: 'hash',
      // Why: English for the CLI, and a message the status bar puts into the window's language.
      reason: 'Entry 2 was changed after it was recorded: it no longer matches its hash.',
      reasonMessage: { code: 'AUDIT_CHANGED', params: { seq: 2 } },
    });
    const linked = verifyAuditChain([a, { ...b, prevHash: GENESIS_HASH }]);
    expect(!linked.ok && linked.reasonMessage && formatMessage(linked.reasonMessage, 'ar')).toMatch(/لا يلي المُدخل/);
    expect(verifyAuditChain([a, { ...b, prevHash: GENESIS_HASH }])).toMatchObject({ brokenAt: 2, problem: 'link' });
    expect(verifyAuditChain([b])).toMatchObject({ brokenAt: 1, problem: 'sequence' });
    expect(verifyAuditChain([a, { ...b, extra: 1 }])).toMatchObject({ brokenAt: 2, problem: 'malformed' });
    expect(verifyAuditChain([a, 'not an entry'])).toMatchObject({ brokenAt: 2, problem: 'malformed' });
    expect(verifyAuditChain([{ ...a, data: { n: Number.NaN } }])).toMatchObject({ brokenAt: 1, problem: 'malformed' });
  });
});
