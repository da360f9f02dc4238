import type { JsonObject } from '@webnova/core/contracts';
import { z } from 'zod';
import { Permission } from '../auth/permissions.js';
import type { Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { DecisionView } from '../decisions/decision.js';
import { MAX_QUORUM } from '../decisions/decision.js';
import { approversNow, canApprove, insertDecision } from '../decisions/propose.js';
import { ServerError } from '../http/problem.js';
import { applyUserPatch, inviteUser, lockUser, standingOf } from './membership.js';
import { Role, TenantRole, type UserRow, UserStatus } from './user.js';

/**
 * The decision kind for a change that gives someone a say in the tenant's decisions: an invitation as
 * sovereign or owner, a promotion to one of them, or a grant of decisions.approve. Core's
 * `KnownDecisionKind` has no such kind; `DecisionKind` takes any dotted name, and the desktop's
 * constitution makes an unknown kind wait for approval, which is what it must do.
 */
export const MEMBER_ROLE_KIND = 'member.role';

/** How long the existing approvers have to answer. */
const ANSWER_WITHIN_MS = 7 * 24 * 60 * 60_000;

const RANK: Record<Role, number> = { ROOT_OWNER: 4, sovereign: 3, owner: 2, member: 1 };

const Standing = z.object({ role: Role, status: UserStatus, permissions: z.array(z.string()) }).strict();

/** A `member.role` decision's payload: what the approvers agree to. */
export const MemberChange = z.discriminatedUnion('change', [
  z.object({ change: z.literal('invite'), email: z.string(), role: TenantRole }).strict(),
  z
    .object({
      change: z.literal('update'),
      userId: z.uuid(),
      email: z.string(),
      /** The user as they stood when it was proposed: applied only onto the same. */
      from: Standing,
      patch: z
        .object({
          role: TenantRole.optional(),
          status: UserStatus.optional(),
          permissions: z.array(Permission).optional(),
        })
        .strict(),
    })
    .strict(),
]);
export type MemberChange = z.infer<typeof MemberChange>;

/**
 * Whether going from `before` (null: not a user yet) to `after` gives a say in decisions: approving
 * where they could not, or an approver role above the one they had.
 */
export function grantsApproval(
  before: { role: Role; permissions: readonly string[] } | null,
  after: { role: Role; permissions: readonly string[] },
): boolean {
  if (!canApprove(after.role, after.permissions)) return false;
  return !before || !canApprove(before.role, before.permissions) || RANK[after.role] > RANK[before.role];
}

/** A majority of the approvers there are: those who approve decide who joins them. */
export function approverQuorum(approvers: number): number {
  return Math.min(MAX_QUORUM, Math.floor(approvers / 2) + 1);
}

function rationaleOf(change: MemberChange): string {
  if (change.change === 'invite') return `Invite ${change.email} as ${change.role}.`;
  const parts = Object.entries(change.patch).map(([field, value]) => `${field} ${JSON.stringify(value)}`);
  return `Change ${change.email}: ${parts.join(', ')}.`;
}

/**
 * Proposes `change` for the tenant's approvers to decide, or returns null when it has none (a new
 * tenant's first owner, whom ROOT_OWNER invites): then there is nobody to ask and the caller applies it.
 */
export async function proposeMemberChange(
  tx: Queryable,
  tenantId: string,
  proposerId: string,
  change: MemberChange,
): Promise<DecisionView | null> {
  const approvers = await approversNow(tx, tenantId);
  if (approvers.length === 0) return null;
  return insertDecision(
    tx,
    tenantId,
    proposerId,
    {
      kind: MEMBER_ROLE_KIND,
      rationale: rationaleOf(change),
      payload: change as JsonObject,
      risk: 'high',
      quorum: approverQuorum(approvers.length),
      expiresAt: new Date(Date.now() + ANSWER_WITHIN_MS).toISOString(),
    },
    approvers,
  );
}

/** What applying an approved change left for after commit. */
export interface AppliedChange {
  /** A user whose sessions ended: close their sockets. */
  endedUserId?: string;
  /** An invitation was queued: deliver the outbox. */
  invited: boolean;
}

/**
 * Applies an approved `member.role` decision inside the approving transaction, as its proposer. It
 * applies only onto what was proposed: an email taken since, or a user changed since, is a CONFLICT and
 * the approval does not go through.
 */
export async function applyMemberChange(
  tx: Queryable,
  tenantId: string,
  decision: { id: string; payload: unknown; proposed_by: string | null },
): Promise<AppliedChange> {
  const change = MemberChange.parse(decision.payload);
  const proposer = decision.proposed_by;
  if (!proposer) throw new Error('a member.role decision without its proposer');
  if (change.change === 'invite') {
    const taken = await tx.query('select 1 from users where email = $1', [change.email]);
    if (taken.length > 0) throw new ServerError('CONFLICT', `A user with the email ${change.email} exists now.`);
    try {
      await inviteUser(tx, tenantId, proposer, change.email, change.role, decision.id);
    } catch (error) {
      // Another tenant's user has it (this tenant's scope cannot see them).
      if (isUniqueViolation(error))
        throw new ServerError('CONFLICT', `A user with the email ${change.email} exists now.`);
      throw error;
    }
    return { invited: true };
  }
  const current: UserRow = await lockUser(tx, tenantId, change.userId);
  if (JSON.stringify(standingOf(current)) !== JSON.stringify(change.from)) {
    throw new ServerError(
      'CONFLICT',
      `${change.email} has changed since this was proposed: reject it and propose again.`,
    );
  }
  const updated = await applyUserPatch(tx, tenantId, proposer, current, change.patch, decision.id);
  return updated.status === 'ACTIVE' ? { invited: false } : { endedUserId: updated.id, invited: false };
}
