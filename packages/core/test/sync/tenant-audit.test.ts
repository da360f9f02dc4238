import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/contracts/governance.js';
import { DEVICE_AUDIT_ACTION, type PulledEvent } from '../../src/contracts/sync.js';
import { chainAuditEntry, deviceEvidence, segmentBreak, verifyAuditChain } from '../../src/governance/audit-chain.js';
import { type TenantAuditInput, verifyTenantAudit } from '../../src/sync/tenant-audit.js';

const ME = '0190a0b0-0000-7000-8000-0000000000d1';
const OTHER = '0190a0b0-0000-7000-8000-0000000000d2';
const user = { kind: 'user', id: '0190a0b0-0000-7000-8000-0000000000aa' } as const;
const eventId = (n: number) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;

function deviceChain(n: number, tag: string): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) {
    const record = {
      occurredAt: `2026-01-01T00:00:0${i}.000Z`,
      actor: user,
      action: 'note.written',
      subject: tag,
      data: { i },
    };
    entries.push(chainAuditEntry(entries.at(-1) ?? null, record));
  }
  return entries;
}

/** Two devices' chains pushed in turn, the tenant's log holding them and its chain recording each. */
function story(): TenantAuditInput & { local: { entries: AuditEntry[] } } {
  const mine = deviceChain(3, 'mine');
  const theirs = deviceChain(2, 'theirs');
  const pushed: Array<[string, AuditEntry]> = [
    [ME, mine[0]],
    [OTHER, theirs[0]],
    [ME, mine[1]],
    [OTHER, theirs[1]],
    [ME, mine[2]],
  ] as Array<[string, AuditEntry]>;
  const pulled: PulledEvent[] = pushed.map(([deviceId, entry], index) => ({
    position: index + 1,
    id: eventId(index + 1),
    deviceId,
    seq: index + 1,
    streamId: 'audit',
    streamVersion: index + 1,
    type: 'audit.recorded',
    data: entry,
    actor: user,
    occurredAt: entry.occurredAt,
    receivedAt: entry.occurredAt,
    chainHash: entry.hash,
  }));
  const chain: AuditEntry[] = [];
  const append = (action: string, data: AuditEntry['data']) =>
    chain.push(
      chainAuditEntry(chain.at(-1) ?? null, {
        occurredAt: '2026-01-02T00:00:00.000Z',
        actor: user,
        action,
        subject: 'x',
        data,
      }),
    );
  append('user.invited', { email: 'a@example.org' });
  for (const [index, [deviceId, entry]] of pushed.entries()) {
    append(
      DEVICE_AUDIT_ACTION,
      deviceEvidence({ deviceId, eventId: eventId(index + 1), chainHash: entry.hash }, entry, null),
    );
  }
  return {
    chain,
    anchor: { count: chain.length, headHash: chain.at(-1)?.hash ?? '' },
    pulled,
    local: { entries: mine, verification: verifyAuditChain(mine) },
    deviceId: ME,
  };
}

/** The tenant's chain rebuilt over `evidence` data, as a server that wrote it so would have. */
function rechained(
  input: TenantAuditInput,
  edit: (data: AuditEntry['data'], index: number) => AuditEntry['data'] | null,
) {
  const chain: AuditEntry[] = [];
  for (const [index, entry] of (input.chain as AuditEntry[]).entries()) {
    const data = entry.action === DEVICE_AUDIT_ACTION ? edit(entry.data, index) : entry.data;
    if (data === null) continue;
    const { seq: _seq, prevHash: _prev, hash: _hash, ...record } = entry;
    chain.push(chainAuditEntry(chain.at(-1) ?? null, { ...record, data }));
  }
  return { ...input, chain, anchor: { count: chain.length, headHash: chain.at(-1)?.hash ?? '' } };
}

describe("verifying the tenant's audit story on a device", () => {
  it('passes an honest story, with its counts', () => {
    expect(verifyTenantAudit(story())).toMatchObject({
      ok: true,
      tenant: { count: 6 },
      evidence: 5,
      devices: 2,
      local: { count: 3, held: 3 },
      problem: null,
    });
  });

  it("names the tenant's own broken entry", () => {
    const input = story();
    const third = input.chain[2] as AuditEntry;
    const chain = [...input.chain];
    chain[2] = { ...third, subject: 'forged' };
    expect(verifyTenantAudit({ ...input, chain }).problem).toMatchObject({ part: 'tenant', tenantSeq: 3 });
    expect(verifyTenantAudit({ ...input, chain: chain.slice(0, -1) }).problem).toMatchObject({ part: 'tenant' });
  });

  it('names an evidence entry that differs from the entry in the log, and one recording nothing pulled', () => {
    const differs = rechained(story(), (data, index) => (index === 3 ? { ...data, action: 'other' } : data));
    expect(verifyTenantAudit(differs).problem).toMatchObject({
      part: 'evidence',
      tenantSeq: 4,
      deviceId: ME,
      entry: 2,
    });
    const input = story();
    const missing = verifyTenantAudit({ ...input, pulled: input.pulled.filter((event) => event.position !== 2) });
    expect(missing.problem).toMatchObject({ part: 'evidence', tenantSeq: 3, deviceId: OTHER, entry: 1 });
    expect(missing.problem?.reason).toContain('which the tenant log pulled here does not hold');
  });

  it('names an entry of the log the tenant chain does not record', () => {
    const unrecorded = rechained(story(), (data, index) => (index === 4 ? null : data));
    expect(verifyTenantAudit(unrecorded).problem).toMatchObject({ part: 'evidence', deviceId: OTHER, entry: 2 });
  });

  it("names a device's broken segment even when the server recorded it as broken", () => {
    const input = story();
    const edited = { ...(input.pulled[2]?.data as AuditEntry), data: { i: 99 } };
    const pulled = input.pulled.map((event) => (event.position === 3 ? { ...event, data: edited } : event));
    // The server's record agrees that it breaks: the segment is still named.
    const recorded = rechained({ ...input, pulled }, (data, index) =>
      index === 3 ? { ...data, break: segmentBreak(edited, edited.hash, { seq: 1, hash: 'x' }) ?? 'hash' } : data,
    );
    const report = verifyTenantAudit(recorded);
    expect(report.problem).toMatchObject({ part: 'segment', deviceId: ME, entry: 2 });
    expect(report.problem?.reasonMessage.code).toBe('AUDIT_SEGMENT_HASH');
  });

  it("names a difference between this device's chain and what the tenant holds of it", () => {
    const input = story();
    const gap = verifyTenantAudit(
      rechained(input, (data, index) => (index === 1 && data.deviceId === ME ? null : data)),
    );
    // Without its record, entry 1 is first an unrecorded entry of the log.
    expect(gap.problem).toMatchObject({ part: 'evidence', deviceId: ME, entry: 1 });
    const mine = [...input.local.entries];
    const forged = deviceChain(3, 'forged');
    const differs = verifyTenantAudit({ ...input, local: { entries: forged, verification: verifyAuditChain(forged) } });
    expect(differs.problem).toMatchObject({ part: 'local', entry: 1 });
    expect(differs.local).toEqual({ count: 3, held: 0 });
    const shorter = mine.slice(0, 2);
    expect(
      verifyTenantAudit({ ...input, local: { entries: shorter, verification: verifyAuditChain(shorter) } }).problem,
    ).toMatchObject({ part: 'local', entry: 3 });
  });
});
