import { createHash } from 'node:crypto';
import { canonicalJson } from '@webnova/core/canonical-json';
import type { Actor, JsonObject, RiskLevel } from '@webnova/core/contracts';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit, userActor } from '../audit/chain.js';
import { effectivePermissions } from '../auth/permissions.js';
import type { Queryable } from '../db/database.js';
import { appendToLog } from '../sync/log.js';
import type { Role } from '../users/user.js';
import { DECISION_SELECT, type DecisionRow, type DecisionView, decisionView } from './decision.js';

export interface Proposal {
  kind: string;
  rationale: string;
  payload: JsonObject;
  risk: RiskLevel;
  expiresAt?: string;
  quorum: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Whether a user with this role and these custom permissions may approve decisions. */
export function canApprove(role: Role, permissions: readonly string[]): boolean {
  return effectivePermissions(role, permissions).has('decisions.approve');
}

/** The tenant's users who may approve right now: active, invitation accepted, holding decisions.approve. */
export async function approversNow(tx: Queryable, tenantId: string): Promise<string[]> {
  const users = await tx.query<{ id: string; role: Role; permissions: string[] }>(
    `select id, role, permissions from users
      where tenant_id = $1 and status = 'ACTIVE' and password_hash is not null order by id`,
    [tenantId],
  );
  return users.filter((user) => canApprove(user.role, user.permissions)).map((user) => user.id);
}

/** A decision's stream in the tenant's log, as the desktop names it. */
export const decisionStream = (id: string) => `decision-${id}`;

/**
 * A proposal a device pushed: its id and actor are the device's (an AI's proposal is its user's, who
 * may not count their own approval of it), and the pushed event is the log's record of it.
 */
export interface PushedProposal {
  id: string;
  actor: Actor;
}

/**
 * Records a proposal by `proposerId` with its audit entry, inside the caller's transaction. Who may
 * approve it is fixed now (`approvers`, from `approversNow`): someone who gains the right later does
 * not count for it. Made through HTTP, it is appended to the tenant's sync log as `decision.proposed`
 * (a pushed one is there already, as pushed).
 */
export async function insertDecision(
  tx: Queryable,
  tenantId: string,
  proposerId: string,
  proposal: Proposal,
  approvers: readonly string[],
  pushed?: PushedProposal,
): Promise<DecisionView> {
  const id = pushed?.id ?? uuidv7();
  const at = new Date().toISOString();
  const actor = pushed?.actor ?? userActor(proposerId);
  await tx.query(
    `insert into decisions (id, tenant_id, kind, actor, rationale, payload, risk, status, proposed_at, updated_at,
                            expires_at, version, quorum, proposed_by, approvers)
     values ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8, $9, 1, $10, $11, $12)`,
    [
      id,
      tenantId,
      proposal.kind,
      JSON.stringify(actor),
      proposal.rationale,
      JSON.stringify(proposal.payload),
      proposal.risk,
      at,
      proposal.expiresAt ?? null,
      proposal.quorum,
      proposerId,
      approvers,
    ],
  );
  // As on the desktop, the audit keeps the payload's hash, not the payload.
  const data: JsonObject = {
    kind: proposal.kind,
    rationale: proposal.rationale,
    risk: proposal.risk,
    quorum: proposal.quorum,
    approvers: [...approvers],
    payloadSha256: sha256(canonicalJson(proposal.payload)),
  };
  if (proposal.expiresAt) data.expiresAt = proposal.expiresAt;
  await appendAudit(tx, tenantId, { actor, action: 'decision.proposed', subject: `decision:${id}`, data });
  if (!pushed) {
    const logged: JsonObject = {
      kind: proposal.kind,
      rationale: proposal.rationale,
      payload: proposal.payload,
      risk: proposal.risk,
      quorum: proposal.quorum,
    };
    if (proposal.expiresAt) logged.expiresAt = proposal.expiresAt;
    await appendToLog(tx, tenantId, { streamId: decisionStream(id), type: 'decision.proposed', data: logged, actor });
  }
  const [row] = await tx.query<DecisionRow>(`${DECISION_SELECT} and d.id = $2`, [tenantId, id]);
  if (!row) throw new Error('insert returned no decision');
  return decisionView(row);
}
