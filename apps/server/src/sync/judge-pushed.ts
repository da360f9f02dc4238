import type { Actor, CheckedConstitution, DecisionProposal, JsonObject } from '@webnova/core/contracts';
import { Constitution } from '@webnova/core/contracts';
import { DEFAULT_CONSTITUTION } from '@webnova/core/default-constitution';
import { judgeProposal } from '@webnova/core/judge';
import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { approversNow, type Proposal } from '../decisions/propose.js';

export const CONSTITUTION_STREAM = 'constitution';
export const CONSTITUTION_CHANGED = 'constitution.changed';

/** The tenant's constitution now: the newest an owner pushed, else the desktop's default. */
export async function constitutionNow(tx: Queryable, tenantId: string): Promise<CheckedConstitution> {
  const [newest] = await tx.query<{ data: JsonObject }>(
    `select data from sync_events where tenant_id = $1 and stream_id = $2 and type = $3
      order by position desc limit 1`,
    [tenantId, CONSTITUTION_STREAM, CONSTITUTION_CHANGED],
  );
  const parsedNewest = Constitution.safeParse(newest?.data.constitution);
  return parsedNewest.success ? parsedNewest.data : Constitution.parse(DEFAULT_CONSTITUTION);
}

/**
 * Who may approve: the tenant's users who may approve now, narrowed by the deciding rule to the users it
 * names and to the holders of the roles it names ("2 of role owner").
 */
async function approversOf(
  tx: Queryable,
  tenantId: string,
  verdict: { approvers?: string[]; approverRoles?: string[] },
): Promise<string[]> {
  const now = await approversNow(tx, tenantId);
  const named = verdict.approvers;
  const roles = verdict.approverRoles;
  if (!named && !roles) return now;
  const held = roles
    ? await tx.query<{ id: string; role: string }>('select id, role from users where tenant_id = $1 and id = any($2)', [
        tenantId,
        now,
      ])
    : [];
  const roleOf = new Map(held.map((user) => [user.id, user.role]));
  return now.filter((id) => (!named || named.includes(id)) && (!roles || roles.includes(roleOf.get(id) ?? '')));
}

export type PushedProposalJudgement = { forbidden: string } | { proposal: Proposal; approvers: string[] };

/**
 * A pushed proposal as the server takes it: judged again by the tenant's constitution now (never the
 * risk or the quorum the device sent, which can only raise them), with expiry counted from the moment
 * the server received it, by the server's clock (a device's clock orders nothing, and a device offline
 * for days must not find its proposal expired on arrival). The device's own expiry counts as a length
 * of time (its expiry less its proposal time, both by the device's clock) when the tenant's rules set none.
 */
export async function judgePushedProposal(
  tx: Queryable,
  tenantId: string,
  pushed: z.output<typeof DecisionProposal>,
  event: { actor: Actor; occurredAt: string },
  receivedAt = Date.now(),
): Promise<PushedProposalJudgement> {
  const constitution = await constitutionNow(tx, tenantId);
  const { assessment, verdict } = await judgeProposal(
    { kind: pushed.kind, payload: pushed.payload, rationale: pushed.rationale, actor: event.actor, risk: pushed.risk },
    constitution,
  );
  if (verdict.effect === 'forbid') {
    const rules = verdict.matchedRules.join(', ') || 'its default';
    return { forbidden: `The tenant's constitution (version ${constitution.version}) forbids this (${rules}).` };
  }
  const deviceTtl = pushed.expiresAt ? Date.parse(pushed.expiresAt) - Date.parse(event.occurredAt) : undefined;
  const ttl = verdict.expiresInMs ?? deviceTtl;
  const proposal: Proposal = {
    kind: pushed.kind,
    rationale: pushed.rationale,
    payload: pushed.payload,
    risk: assessment.risk,
    quorum: Math.max(verdict.quorum ?? 1, pushed.quorum ?? 1),
    ...(ttl !== undefined ? { expiresAt: new Date(receivedAt + Math.max(0, ttl)).toISOString() } : {}),
  };
  return { proposal, approvers: await approversOf(tx, tenantId, verdict) };
}
