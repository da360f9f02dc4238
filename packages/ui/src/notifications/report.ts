import { describeError } from '../i18n/describe-error';
import { t } from '../i18n/i18n';
import { log } from '../panels/output-store';
import { useNotifications } from './notifications-store';

/**
 * The one way a failed core call reaches the user: a toast in their language and a line in
 * Output with core's own message (in English, as logs keep it). `actionKey` names what was being attempted.
 */
export function reportError(actionKey: string, error: unknown, values?: Record<string, unknown>): void {
  const described = describeError(error);
  const action = t(actionKey, values);
  log.error(`${action}: [${described.code}] ${described.english ?? described.detail}`);
  useNotifications.getState().notify('error', `${action}: ${described.message}`, described.detail);
}
