// The audit chain as pure functions over entries: no database, so the server and the
// `webnova audit verify` command can recompute a chain wherever the entries come from.
import { hash } from 'node:crypto';
import { z } from 'zod';
import {
  AuditEntry,
  type AuditProblem,
  type AuditRecord,
  type AuditVerification,
  type SegmentBreak,
} from '../contracts/governance.js';
import { formatMessage, type SystemMessage } from '../contracts/messages/system-message.js';
import type { DeviceAuditEvidence } from '../contracts/sync.js';
import { canonicalJson } from './canonical-json.js';

/**
 * An entry's shape without looking inside `data`: checking each value in it costs verification about
 * 15% of its speed, and `canonicalJson` refuses anything that is not JSON while hashing anyway.
 */
const AuditEntryShape = AuditEntry.extend({ data: z.record(z.string(), z.unknown()) });

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 (hex) over the canonical JSON of `{seq, prevHash, occurredAt, actor, action, subject, data}`,
 * whatever else `entry` carries. The outer object is written out in its canonical key order here
 * rather than sorted each time: it is the same for every entry and this is verification's hot path.
 * A test holds it equal to `canonicalJson` of that object.
 */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const text =
    `{"action":${canonicalJson(entry.action)},"actor":${canonicalJson(entry.actor)},` +
    `"data":${canonicalJson(entry.data)},"occurredAt":${canonicalJson(entry.occurredAt)},` +
    `"prevHash":${canonicalJson(entry.prevHash)},"seq":${canonicalJson(entry.seq)},` +
    `"subject":${canonicalJson(entry.subject)}}`;
  return hash('sha256', text, 'hex');
}

/** The entry that follows `previous` (null: the chain is empty). */
export function chainAuditEntry(previous: Pick<AuditEntry, 'seq' | 'hash'> | null, record: AuditRecord): AuditEntry {
  const linked = { ...record, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...linked, hash: auditEntryHash(linked) };
}

/**
 * What the chain is checked against beyond itself. A chain alone cannot show that entries were cut off
 * its end, or that its newest entry was rewritten and rehashed: that takes a count or a head hash kept
 * somewhere else (the store's stream version; later the server's copy).
 */
export interface AuditAnchor {
  count?: number;
  headHash?: string;
}

function broken(
  brokenAt: number,
  problem: AuditProblem,
  code: string,
  params?: SystemMessage['params'],
): AuditVerification {
  const reasonMessage: SystemMessage = params ? { code: `AUDIT_${code}`, params } : { code: `AUDIT_${code}` };
  return { ok: false, brokenAt, problem, reason: formatMessage(reasonMessage, 'en'), reasonMessage };
}

/**
 * Recomputes the chain: every entry must be well formed, numbered 1, 2, 3…, link to the hash of the one
 * before, and hash to its own `hash`. Names the first entry that does not.
 */
export function verifyAuditChain(entries: Iterable<unknown>, anchor: AuditAnchor = {}): AuditVerification {
  let count = 0;
  let prevHash = GENESIS_HASH;
  for (const candidate of entries) {
    const seq = count + 1;
    if (!AuditEntryShape.safeParse(candidate).success) return broken(seq, 'malformed', 'NOT_AN_ENTRY', { seq });
    // Hash what is stored, not zod's copy of it: the copy can differ (a "__proto__" key does not survive it).
    const entry = candidate as AuditEntry;
    if (entry.seq !== seq) {
      return broken(seq, 'sequence', 'NUMBERED', { seq, number: String(entry.seq) });
    }
    if (entry.prevHash !== prevHash) {
      return broken(seq, 'link', 'LINK', { seq, previous: seq - 1 });
    }
    let recomputed: string;
    try {
      recomputed = auditEntryHash(entry);
    } catch {
      return broken(seq, 'malformed', 'NOT_JSON', { seq });
    }
    if (recomputed !== entry.hash) {
      return broken(seq, 'hash', 'CHANGED', { seq });
    }
    prevHash = entry.hash;
    count = seq;
  }
  if (anchor.count !== undefined && anchor.count !== count) {
    return broken(Math.min(count, anchor.count) + 1, 'anchor', 'COUNT', { count, recorded: anchor.count });
  }
  if (anchor.headHash !== undefined && anchor.headHash !== prevHash) {
    return broken(Math.max(count, 1), 'anchor', 'HEAD');
  }
  return { ok: true, count, headHash: prevHash };
}

/**
 * Checks one entry of a device's segment against the segment's head: the previous entry the same
 * registration pushed, or for its first entry `{seq: 0, hash: GENESIS_HASH}` or the entry of the
 * tenant's log it continues; null (a `link` break) when it continues nothing the tenant holds. The
 * server runs it on push and a device on the copy of the tenant's log it pulled, so both judge a
 * segment the same way. Answers null when the entry continues the segment.
 */
export function segmentBreak(
  entry: AuditEntry,
  chainHash: string | null | undefined,
  head: Pick<AuditEntry, 'seq' | 'hash'> | null,
): SegmentBreak | null {
  if (chainHash !== entry.hash) return 'evidence';
  let recomputed: string;
  try {
    recomputed = auditEntryHash(entry);
  } catch {
    return 'hash';
  }
  if (recomputed !== entry.hash) return 'hash';
  if (head === null) return 'link';
  if (entry.seq !== head.seq + 1) return 'sequence';
  if (entry.prevHash !== head.hash) return 'link';
  return null;
}

/** The head a registration's first entry continues: the chain's start, or the entry it says comes before it. */
export function segmentStart(entry: Pick<AuditEntry, 'seq' | 'prevHash'>): Pick<AuditEntry, 'seq' | 'hash'> {
  return entry.seq === 1 ? { seq: 0, hash: GENESIS_HASH } : { seq: entry.seq - 1, hash: entry.prevHash };
}

/**
 * What the tenant's chain records of a device's pushed audit entry (the data of its `device.audit`
 * entry). The server writes it and a verifying device rebuilds it from the tenant's log to compare: one
 * function, so the two never disagree on its shape.
 */
export function deviceEvidence(
  pushed: { deviceId: string; eventId: string; chainHash: string | null | undefined },
  entry: AuditEntry,
  broken: SegmentBreak | null,
): DeviceAuditEvidence {
  return {
    deviceId: pushed.deviceId,
    eventId: pushed.eventId,
    seq: entry.seq,
    chainHash: pushed.chainHash ?? entry.hash,
    action: entry.action,
    subject: entry.subject,
    ...(broken ? { break: broken } : {}),
  };
}
