import type { Decision } from '@webnova/core/contracts';
import { t, tMessage } from '../i18n/i18n';

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

/** A device as the Sync feature lists it (`sync.devices`): enough to name one. */
export interface NamedDevice {
  deviceId: string;
  name: string;
}

/** The last part of a project folder's path, whichever separator the proposing computer used. */
export function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/**
 * Where a decision proposed elsewhere comes from, in the window's language: "From another device: Desk A ·
 * clinic-booking" (the device's name when the server listed it, else the start of its id). Null for a
 * decision proposed here, or one the server does not hold yet: those need no badge.
 */
export function originText(
  decision: Pick<Decision, 'origin' | 'project'>,
  devices: readonly NamedDevice[] | null,
): string | null {
  const { origin } = decision;
  if (!origin || origin.here) return null;
  const project = decision.project ? folderName(decision.project) : null;
  if (origin.deviceId === null) return project ? t('inbox.origin.serverIn', { project }) : t('inbox.origin.server');
  const device =
    devices?.find((candidate) => candidate.deviceId === origin.deviceId)?.name ?? origin.deviceId.slice(0, 8);
  return project ? t('inbox.origin.deviceIn', { device, project }) : t('inbox.origin.device', { device });
}
