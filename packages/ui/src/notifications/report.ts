import { describeError, type ErrorDescription } from '../i18n/describe-error';
import { t } from '../i18n/i18n';
import { log } from '../panels/output-store';
import { useNotifications } from './notifications-store';

/**
 * The one way a failed core call reaches the user: a toast in their language and a line in
 * Output with core's own message (in English, as logs keep it). `actionKey` names what was being attempted.
 */
export function reportError(
  actionKey: string,
  error: unknown,
  values?: Record<string, unknown>,
  /** The sentence for the error's code when a feature words it its own way (sync: TRANSPORT is the server). */
  wording?: (described: ErrorDescription) => string,
): void {
  const described = describeError(error);
  const action = t(actionKey, values);
  log.error(`${action}: [${described.code}] ${described.english ?? described.detail}`);
  const message = wording ? wording(described) : described.message;
  useNotifications.getState().notify('error', `${action}: ${message}`, described.detail);
}
