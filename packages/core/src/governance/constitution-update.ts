import { hash } from 'node:crypto';
import { type CheckedConstitution, Constitution, ConstitutionDraft } from '../contracts/constitution.js';
import { CoreError } from '../contracts/errors.js';
import { Actor, type JsonObject } from '../contracts/events.js';
import type { AuditEntry, AuditRecord } from '../contracts/governance.js';
import type { AuditLog } from './audit-log.js';
import { canonicalJson } from './canonical-json.js';

export const CONSTITUTION_CHANGED = 'constitution.changed';

export interface ConstitutionChange {
  constitution: CheckedConstitution;
  /** The audit entry to append for this change (`AuditLog.record`, or `recordWith` alongside storing it). */
  audit: AuditRecord;
}

const sha256 = (value: unknown) => hash('sha256', canonicalJson(value), 'hex');

function checked<T>(result: { success: true; data: T } | { success: false; error: { issues: unknown } }, what: string) {
  if (!result.success) throw new CoreError('INVALID_INPUT', `${what} is not valid.`, result.error.issues);
  return result.data;
}

const kept = (rules: CheckedConstitution['rules'], other: Map<string, string>) =>
  rules.map((rule) => rule.id).filter((id) => other.has(id));

/** Which rules a change adds, removes and alters, by id, and whether the ones kept changed order. */
function ruleChanges(before: CheckedConstitution['rules'], after: CheckedConstitution['rules']): JsonObject {
  const old = new Map(before.map((rule) => [rule.id, sha256(rule)]));
  const next = new Map(after.map((rule) => [rule.id, sha256(rule)]));
  return {
    added: [...next.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !next.has(id)),
    changed: [...next].filter(([id, digest]) => old.has(id) && old.get(id) !== digest).map(([id]) => id),
    // Order matters: an earlier allow never outranks a forbid, but it is what the owner reads first.
    reordered: kept(before, next).join('\u0000') !== kept(after, old).join('\u0000'),
  };
}

/**
 * The owner's edit of the constitution: refused for anyone but `owner` (a person), checked, given the
 * next version, and returned with the audit record that must be appended with it. Who the owner is comes
 * from outside the constitution, so no edit of the rules can name a new owner.
 */
export function updateConstitution(
  current: Constitution,
  next: ConstitutionDraft,
  actor: Actor,
  owner: Actor,
  now: Date = new Date(),
): ConstitutionChange {
  const by = checked(Actor.safeParse(actor), 'The actor');
  if (by.kind !== 'user' || owner.kind !== 'user' || by.id !== owner.id) {
    throw new CoreError('UNAUTHORIZED', { code: 'ERROR_OWNER_ONLY_CONSTITUTION' }, { actor: by });
  }
  const base = checked(Constitution.safeParse(current), 'The current constitution');
  const draft = checked(ConstitutionDraft.safeParse(next), 'The new constitution');
  if (draft.baseVersion !== undefined && draft.baseVersion !== base.version) {
    throw new CoreError(
      'CONFLICT',
      { code: 'ERROR_CONSTITUTION_CHANGED', params: { version: draft.baseVersion } },
      {
        baseVersion: draft.baseVersion,
        currentVersion: base.version,
      },
    );
  }
  const occurredAt = now.toISOString();
  const constitution = checked(
    Constitution.safeParse({ version: base.version + 1, updatedAt: occurredAt, updatedBy: by, rules: draft.rules }),
    'The new constitution',
  );
  return {
    constitution,
    audit: {
      occurredAt,
      actor: by,
      action: CONSTITUTION_CHANGED,
      subject: 'constitution',
      data: {
        fromVersion: base.version,
        toVersion: constitution.version,
        previousSha256: sha256(base),
        sha256: sha256(constitution),
        rules: ruleChanges(base.rules, constitution.rules),
      },
    },
  };
}

/** `updateConstitution`, then the change's entry appended to the audit log. Keeping the new version is the caller's. */
export async function changeConstitution(
  log: AuditLog,
  current: Constitution,
  next: ConstitutionDraft,
  actor: Actor,
  owner: Actor,
): Promise<ConstitutionChange & { entry: AuditEntry }> {
  const change = updateConstitution(current, next, actor, owner);
  return { ...change, entry: await log.record(change.audit) };
}
