import { isCoreError } from '@webnova/core/contracts';
import { i18n, t } from './i18n';

export interface ErrorDescription {
  /** The translated sentence for the error's code. */
  message: string;
  /** Core's own message, kept as detail for the curious and for bug reports. */
  detail: string;
  code: string;
}

/** Turns anything thrown by a core call into words in the user's language. */
export function describeError(error: unknown): ErrorDescription {
  if (isCoreError(error)) {
    const key = `errors.${error.code}`;
    return { message: i18n.exists(key) ? t(key) : t('errors.INTERNAL'), detail: error.message, code: error.code };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { message: t('errors.INTERNAL'), detail, code: 'INTERNAL' };
}

export function errorCode(error: unknown): string | null {
  return isCoreError(error) ? error.code : null;
}
