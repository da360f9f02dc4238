import { deviceEvidence, segmentBreak, segmentStart } from '@webnova/core/audit-chain';
import { AuditEntry } from '@webnova/core/contracts';
import { AUDIT_RECORDED, AUDIT_STREAM, DEVICE_AUDIT_ACTION, type PushedEvent } from '@webnova/core/contracts/sync';
import { type AuditFact, appendAuditEntries } from '../audit/chain.js';
import type { Queryable } from '../db/database.js';
import type { DevicePrincipal } from '../devices/credential.js';

/** The pushed events this file is about: a device's own audit entries. */
export const isDeviceAuditEntry = (event: PushedEvent): boolean => event.streamId === AUDIT_STREAM;

/**
 * Where a registration's segment starts when it has pushed no audit entry yet: at the chain's start, or
 * at an audit entry the tenant's log already holds (this installation's history pushed under an earlier
 * registration, which a re-registration does not push again: the same events are duplicates). A first
 * entry claiming anything else continues nothing: null, and the entry is recorded as a `link` break.
 */
async function firstHead(tx: Queryable, tenantId: string, entry: AuditEntry) {
  const start = segmentStart(entry);
  if (start.seq === 0) return start;
  const [held] = await tx.query(
    `select 1 from sync_events where tenant_id = $1 and chain_hash = $2 and stream_id = $3
        and (data->>'seq')::int = $4 limit 1`,
    [tenantId, start.hash, AUDIT_STREAM, start.seq],
  );
  return held ? start : null;
}

/**
 * A device's audit entries join the tenant's chain (docs/SYNC.md, "Audit"), for one push. Each entry
 * must be one (else `take` answers why not, and the push refuses it `INVALID` with nothing written);
 * then it is checked against the head of the segment this registration pushed before (kept on its
 * `devices` row, read once a push and moved on here entry by entry), and the tenant's chain gets a
 * `device.audit` entry recording it as evidence, with the break when it does not continue the segment.
 * A broken entry is taken, not refused: refusing would leave its content only on the device that may
 * have tampered with it, and every later entry (which links to it) would be refused too. The segment's
 * head moves to it either way, so a break is recorded once, where it is, and every device that verifies
 * the tenant's chain sees it. The records wait for `flush` (the push's, before a decision step writes
 * its own audit entries and at the end), which writes them and the head in a few statements.
 */
export class TenantChainEvidence {
  #head: Pick<AuditEntry, 'seq' | 'hash'> | null | undefined;
  #records: AuditFact[] = [];
  #moved = false;

  constructor(
    private readonly tx: Queryable,
    private readonly device: DevicePrincipal,
  ) {}

  async take(event: PushedEvent): Promise<string | undefined> {
    if (event.type !== AUDIT_RECORDED) return `The ${AUDIT_STREAM} stream holds ${AUDIT_RECORDED} events only.`;
    if (!AuditEntry.safeParse(event.data).success) return 'The event’s data is not an audit entry.';
    // Hashed as the log stores it, so a device verifying its copy of the log judges the same object.
    const entry = event.data as AuditEntry;
    const head = await this.#headBefore(entry);
    const pushed = { deviceId: this.device.deviceId, eventId: event.id, chainHash: event.chainHash };
    this.#records.push({
      actor: event.actor,
      action: DEVICE_AUDIT_ACTION,
      subject: `device:${this.device.deviceId}`,
      data: deviceEvidence(pushed, entry, segmentBreak(entry, event.chainHash, head)),
    });
    this.#head = { seq: entry.seq, hash: entry.hash };
    this.#moved = true;
    return undefined;
  }

  async flush(): Promise<void> {
    if (this.#records.length > 0) await appendAuditEntries(this.tx, this.device.tenantId, this.#records);
    this.#records = [];
    if (this.#moved && this.#head) {
      await this.tx.query('update devices set audit_seq = $2, audit_head = $3 where id = $1', [
        this.device.deviceId,
        this.#head.seq,
        this.#head.hash,
      ]);
    }
    this.#moved = false;
  }

  /** The segment's head before `entry`: held on the device's row, else where its first entry says it starts. */
  async #headBefore(entry: AuditEntry): Promise<Pick<AuditEntry, 'seq' | 'hash'> | null> {
    if (this.#head === undefined) {
      const [row] = await this.tx.query<{ audit_seq: number | null; audit_head: string | null }>(
        'select audit_seq, audit_head from devices where id = $1',
        [this.device.deviceId],
      );
      this.#head =
        row?.audit_seq != null && row.audit_head !== null ? { seq: row.audit_seq, hash: row.audit_head } : null;
      if (this.#head === null) return firstHead(this.tx, this.device.tenantId, entry);
    }
    return this.#head;
  }
}
