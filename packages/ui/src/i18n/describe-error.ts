import { isCoreError } from '@webnova/core/contracts';
import { i18n, t, tMessage } from './i18n';

export interface ErrorDescription {
  /** The translated sentence for the error's code. */
  message: string;
  /**
   * What exactly failed, in the window's language from core's system message; an error whose message
   * is still its English words (or an older core's, with none) shows those.
   */
  detail: string;
  /** Core's English words, for logs and bug reports. */
  english?: string;
  code: string;
}

/** Turns anything thrown by a core call into words in the user's language. */
export function describeError(error: unknown): ErrorDescription {
  if (isCoreError(error)) {
    const key = `errors.${error.code}`;
    const detail = error.systemMessage.code === 'ERROR_DETAIL' ? error.message : tMessage(error.systemMessage);
    const message = i18n.exists(key) ? t(key) : t('errors.INTERNAL');
    return { message, detail, english: error.message, code: error.code };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { message: t('errors.INTERNAL'), detail, english: detail, code: 'INTERNAL' };
}

export function errorCode(error: unknown): string | null {
  return isCoreError(error) ? error.code : null;
}
