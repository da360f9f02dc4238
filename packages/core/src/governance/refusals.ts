import type { StoredEvent } from '../contracts/events.js';
import type { AuditEntry, DecisionReason } from '../contracts/governance.js';
import { AUDIT_STREAM } from './audit-log.js';
import { planCommand } from './command-plan.js';
import type { DecisionRefusal } from './contract.js';

export const DECISION_REFUSED = 'decision.refused';
const KEPT = 200;
const SUBJECT_LENGTH = 300;

/** What a refused proposal would have touched, in a line: its command or its path. */
export function refusalSubject(effect: { kind: string; payload: Record<string, unknown> }): string {
  const { payload } = effect;
  const about =
    planCommand(payload)?.line ??
    (typeof payload.path === 'string' ? payload.path : undefined) ??
    (typeof payload.name === 'string' ? payload.name : effect.kind);
  return about.length > SUBJECT_LENGTH ? `${about.slice(0, SUBJECT_LENGTH - 1)}…` : about;
}

/** A reason as an older entry kept it (its code alone), or as entries keep it now (in both languages). */
function reasonOf(kept: unknown): DecisionReason {
  if (typeof kept === 'string') return { code: kept, message: { en: kept, ar: kept } };
  return kept as DecisionReason;
}

/**
 * The latest refusals, read from the audit log: every refusal is an entry there (with its reasons in
 * English and Arabic), so the Inbox can explain what was refused and why, after a restart too.
 */
export class RefusalsSeen {
  readonly #list: DecisionRefusal[] = [];

  /** Folds one stored event (only the audit log's refusal entries count). */
  apply(event: StoredEvent): void {
    if (event.streamId !== AUDIT_STREAM) return;
    this.add(event.data as unknown as AuditEntry);
  }

  add(entry: AuditEntry): void {
    if (entry.action !== DECISION_REFUSED) return;
    const data = entry.data as { kind?: unknown; about?: unknown; reasons?: unknown };
    this.#list.push({
      at: entry.occurredAt,
      actor: entry.actor,
      kind: typeof data.kind === 'string' ? data.kind : entry.subject.replace(/^proposal:/, ''),
      subject: typeof data.about === 'string' ? data.about : '',
      reasons: Array.isArray(data.reasons) ? data.reasons.map(reasonOf) : [],
    });
    if (this.#list.length > KEPT) this.#list.shift();
  }

  newest(limit: number): DecisionRefusal[] {
    return this.#list.slice(-limit).reverse();
  }
}
