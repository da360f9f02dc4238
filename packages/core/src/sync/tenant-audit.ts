import { AuditEntry, type AuditVerification } from '../contracts/governance.js';
import { formatMessage, type SystemMessage } from '../contracts/messages/system-message.js';
import { DEVICE_AUDIT_ACTION, DeviceAuditEvidence, type PulledEvent } from '../contracts/sync.js';
import type { AuditAnchor } from '../governance/audit-chain.js';
import { deviceEvidence, segmentBreak, segmentStart, verifyAuditChain } from '../governance/audit-chain.js';
import { canonicalJson } from '../governance/canonical-json.js';
import type { TenantAuditProblem, TenantAuditReport } from './contract.js';

/** What a device verifies: the tenant's chain, its copy of the tenant's log, and its own chain. */
export interface TenantAuditInput {
  /** The tenant's chain as `GET /sync/audit` answered it, and the count and head the tenant records. */
  chain: readonly unknown[];
  anchor: AuditAnchor;
  /** The `audit` stream of this device's copy of the tenant's log, in position order. */
  pulled: readonly PulledEvent[];
  /** This device's own chain, as `AuditLog` holds and verifies it. */
  local: { entries: readonly AuditEntry[]; verification: AuditVerification };
  /** This device's registration. */
  deviceId: string;
}

type Where = Omit<TenantAuditProblem, 'part' | 'reason' | 'reasonMessage'>;

function problem(part: TenantAuditProblem['part'], reasonMessage: SystemMessage, where: Partial<Where> = {}) {
  return {
    part,
    tenantSeq: where.tenantSeq ?? null,
    deviceId: where.deviceId ?? null,
    entry: where.entry ?? null,
    reason: formatMessage(reasonMessage, 'en'),
    reasonMessage,
  };
}

/** A chain's own verdict as the first problem of one part of the report. */
function chainProblem(part: 'tenant' | 'local', verification: AuditVerification) {
  if (verification.ok) return null;
  const message = verification.reasonMessage ?? { code: 'ERROR_DETAIL', params: { detail: verification.reason } };
  return problem(
    part,
    message,
    part === 'tenant' ? { tenantSeq: verification.brokenAt } : { entry: verification.brokenAt },
  );
}

/**
 * Verifies the tenant's audit story from this device (docs/SYNC.md, "Audit"): (a) the tenant's chain
 * recomputes and matches the count and head the tenant records; (b) each of its `device.audit` entries is
 * exactly what the server should have written for an audit entry in this device's copy of the tenant's
 * log, and each device's segment there continues as the server judged it (core's `segmentBreak`, the
 * server's own check, run again here), so an entry missing, added, edited, or a break recorded or not
 * recorded shows; (c) this device's own chain verifies and agrees with what the tenant's chain holds of
 * it. Answers counts and the first problem.
 */
export function verifyTenantAudit(input: TenantAuditInput): TenantAuditReport {
  const tenant = verifyAuditChain(input.chain, input.anchor);
  const report = (first: TenantAuditProblem | null, evidence = 0, devices = 0, held = 0): TenantAuditReport => ({
    ok: first === null,
    tenant: { count: tenant.ok ? tenant.count : input.chain.length, headHash: tenant.ok ? tenant.headHash : null },
    evidence,
    devices,
    local: { count: input.local.entries.length, held },
    problem: first,
  });
  const broken = chainProblem('tenant', tenant);
  if (broken) return report(broken);

  // Every `device.audit` entry of the tenant's chain, by the pushed event it records.
  const evidence = new Map<string, { tenantSeq: number; data: DeviceAuditEvidence }>();
  for (const entry of input.chain as AuditEntry[]) {
    if (entry.action !== DEVICE_AUDIT_ACTION) continue;
    const data = DeviceAuditEvidence.safeParse(entry.data);
    if (!data.success)
      return report(
        problem('evidence', { code: 'AUDIT_EVIDENCE_MALFORMED', params: { seq: entry.seq } }, { tenantSeq: entry.seq }),
      );
    evidence.set(data.data.eventId, { tenantSeq: entry.seq, data: data.data });
  }

  // The problem that comes first in the tenant's chain (one naming no tenant entry comes after those that
  // do, in the order found): a missing log event explains the breaks that follow it, not the reverse.
  let first: TenantAuditProblem | null = null;
  const order = (found: TenantAuditProblem) => found.tenantSeq ?? Number.POSITIVE_INFINITY;
  const note = (found: TenantAuditProblem) => {
    if (first === null || order(found) < order(first)) first = found;
  };
  const heads = new Map<string, { seq: number; hash: string }>();
  const held = new Set<string>();
  const matched = new Set<string>();
  for (const event of input.pulled) {
    const device = event.deviceId ?? '';
    const recorded = evidence.get(event.id);
    const where = {
      deviceId: device,
      entry: typeof event.data.seq === 'number' ? event.data.seq : null,
      tenantSeq: recorded?.tenantSeq ?? null,
    };
    const params = { device, entry: String(where.entry ?? event.id) };
    if (!AuditEntry.safeParse(event.data).success) {
      note(problem('segment', { code: 'AUDIT_SEGMENT_NOT_AN_ENTRY', params }, where));
      continue;
    }
    const entry = event.data as AuditEntry;
    const start = segmentStart(entry);
    const head = heads.get(device) ?? (start.seq === 0 || held.has(`${start.seq}:${start.hash}`) ? start : null);
    const breaks = segmentBreak(entry, event.chainHash, head);
    heads.set(device, { seq: entry.seq, hash: entry.hash });
    if (event.chainHash) held.add(`${entry.seq}:${event.chainHash}`);
    const expected = deviceEvidence({ deviceId: device, eventId: event.id, chainHash: event.chainHash }, entry, breaks);
    if (!recorded) note(problem('evidence', { code: 'AUDIT_UNEVIDENCED', params }, where));
    else {
      matched.add(event.id);
      if (canonicalJson(recorded.data) !== canonicalJson(expected)) {
        const differs = { code: 'AUDIT_EVIDENCE_DIFFERS', params: { ...params, seq: recorded.tenantSeq } };
        note(problem('evidence', differs, where));
      }
    }
    if (breaks) note(problem('segment', { code: `AUDIT_SEGMENT_${breaks.toUpperCase()}`, params }, where));
  }
  for (const [eventId, { tenantSeq, data }] of evidence) {
    if (matched.has(eventId)) continue;
    const params = { seq: tenantSeq, device: data.deviceId, entry: data.seq };
    note(
      problem(
        'evidence',
        { code: 'AUDIT_EVIDENCE_MISSING', params },
        { tenantSeq, deviceId: data.deviceId, entry: data.seq },
      ),
    );
  }

  // This device's own chain against what the tenant holds of it.
  const local = input.local;
  const localBroken = chainProblem('local', local.verification);
  if (localBroken) note(localBroken);
  const evidenced = new Set([...evidence.values()].map(({ data }) => `${data.seq}:${data.chainHash}`));
  const mine = new Map(local.entries.map((entry) => [entry.seq, entry.hash]));
  for (const { tenantSeq, data } of evidence.values()) {
    if (data.deviceId !== input.deviceId || mine.get(data.seq) === data.chainHash) continue;
    note(
      problem('local', { code: 'AUDIT_LOCAL_DIFFERS', params: { entry: data.seq } }, { tenantSeq, entry: data.seq }),
    );
  }
  // Held entries come first: one not held with a later one held was lost on the way.
  let heldCount = 0;
  let gap: number | null = null;
  for (const entry of local.entries) {
    if (!evidenced.has(`${entry.seq}:${entry.hash}`)) gap ??= entry.seq;
    else {
      heldCount += 1;
      if (gap !== null) note(problem('local', { code: 'AUDIT_LOCAL_GAP', params: { entry: gap } }, { entry: gap }));
    }
  }
  return report(first, evidence.size, new Set([...evidence.values()].map(({ data }) => data.deviceId)).size, heldCount);
}
