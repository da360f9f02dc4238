import type { Decision } from '@webnova/core/contracts';
import { tMessage } from '../i18n/i18n';

/**
 * Why a decision was proposed, in the window's language: core's own rationale is a system message; a
 * model's or a person's words, and decisions stored before rationales were codes, show as written.
 */
export function rationaleText(decision: Pick<Decision, 'rationale' | 'rationaleMessage'>): string {
  return decision.rationaleMessage ? tMessage(decision.rationaleMessage) : decision.rationale;
}

/** Why a decision's run failed: core's message in the window's language, or the words it was stored with. */
export function failureText(outcome: NonNullable<Decision['outcome']>): string | undefined {
  return outcome.errorMessage ? tMessage(outcome.errorMessage) : outcome.error;
}
