import { type AuditAnchor, chainAuditEntry } from '@webnova/core/audit-chain';
import type { Actor, AuditEntry, AuditRecord, JsonObject } from '@webnova/core/contracts';
import type { Queryable } from '../db/database.js';
import { tenantNotFound } from '../tenants/not-found.js';

interface AuditRow {
  seq: number;
  prev_hash: string;
  occurred_at: string;
  actor: Actor;
  action: string;
  subject: string;
  data: JsonObject;
  hash: string;
}

/** What a route hands over: the time is the append's own. */
export type AuditFact = Omit<AuditRecord, 'occurredAt'>;

/** A signed-in user as an audit actor. */
export const userActor = (userId: string): Actor => ({ kind: 'user', id: userId });
/** The server itself, e.g. expiring a decision nobody answered. */
export const SERVER_ACTOR: Actor = { kind: 'system', id: 'webnova-server' };

/**
 * Appends one entry to the tenant's chain inside the caller's transaction, so the entry commits with the
 * change it records, or not at all. Locking the tenant row first makes concurrent appends for one
 * tenant queue up (each sees the head the previous one wrote) while other tenants append freely.
 */
export async function appendAudit(tx: Queryable, tenantId: string, fact: AuditFact): Promise<AuditEntry> {
  const [entry] = await appendAuditEntries(tx, tenantId, [fact]);
  if (!entry) throw new Error('an audit append returned no entry');
  return entry;
}

/**
 * Appends entries in order, as `appendAudit` does each, in three statements whatever their number: the
 * head read under the tenant's lock, the entries chained here and inserted at once, the new head.
 */
export async function appendAuditEntries(
  tx: Queryable,
  tenantId: string,
  facts: readonly AuditFact[],
): Promise<AuditEntry[]> {
  if (facts.length === 0) return [];
  const [head] = await tx.query<{ audit_count: number; audit_head: string }>(
    // NO KEY UPDATE, not UPDATE: the foreign keys of rows inserted earlier in this transaction hold
    // KEY SHARE on the tenant, and FOR UPDATE would deadlock two such transactions against each other.
    'select audit_count, audit_head from tenants where id = $1 for no key update',
    [tenantId],
  );
  if (!head) throw tenantNotFound();
  const occurredAt = new Date().toISOString();
  const entries: AuditEntry[] = [];
  let previous: Pick<AuditEntry, 'seq' | 'hash'> = { seq: head.audit_count, hash: head.audit_head };
  for (const fact of facts) {
    previous = chainAuditEntry(previous, { ...fact, occurredAt });
    entries.push(previous as AuditEntry);
  }
  await tx.query(
    `insert into audit_entries (tenant_id, seq, occurred_at, actor, action, subject, data, prev_hash, hash)
     select $1, e.seq, e."occurredAt", e.actor, e.action, e.subject, e.data, e."prevHash", e.hash
       from jsonb_to_recordset($2::jsonb) as e(seq int, "occurredAt" text, actor jsonb, action text,
                                               subject text, data jsonb, "prevHash" text, hash text)`,
    [tenantId, JSON.stringify(entries)],
  );
  await tx.query('update tenants set audit_count = $2, audit_head = $3 where id = $1', [
    tenantId,
    previous.seq,
    previous.hash,
  ]);
  return entries;
}

/** The chain's length and head as recorded on the tenant; held (FOR SHARE) until the transaction ends. */
export async function readAuditAnchor(tx: Queryable, tenantId: string): Promise<Required<AuditAnchor>> {
  const [row] = await tx.query<{ audit_count: number; audit_head: string }>(
    'select audit_count, audit_head from tenants where id = $1 for share',
    [tenantId],
  );
  if (!row) throw tenantNotFound();
  return { count: row.audit_count, headHash: row.audit_head };
}

/** Entries `after < seq <= upTo` in order, as stored (what was hashed is what is read back). */
export async function readAuditEntries(
  tx: Queryable,
  tenantId: string,
  after: number,
  upTo: number,
): Promise<AuditEntry[]> {
  const rows = await tx.query<AuditRow>(
    `select seq, prev_hash, occurred_at, actor, action, subject, data, hash from audit_entries
      where tenant_id = $1 and seq > $2 and seq <= $3 order by seq`,
    [tenantId, after, upTo],
  );
  return rows.map((row) => ({
    seq: row.seq,
    prevHash: row.prev_hash,
    occurredAt: row.occurred_at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    data: row.data,
    hash: row.hash,
  }));
}
