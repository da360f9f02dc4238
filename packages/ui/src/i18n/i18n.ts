import type { Locale } from '@webnova/core/contracts';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './ar.json';
import en from './en.json';

export const catalogues = { en, ar } as const;

const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

function isolate(value: string): string {
  return i18n.language === 'ar' ? `${FIRST_STRONG_ISOLATE}${value}${POP_DIRECTIONAL_ISOLATE}` : value;
}

/** One i18next instance for the whole UI; stores translate through `t` outside React. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ar: { translation: ar } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  // Values put into sentences (file names, paths, counts) are isolated in Arabic, so a Latin name
  // with dots or quotes keeps its own order inside right-to-left text.
  interpolation: { escapeValue: true, escape: (value: unknown) => isolate(String(value)) },
  returnNull: false,
  showSupportNotice: false,
});

export function t(key: string, options?: Record<string, unknown>): string {
  return i18n.t(key, options ?? {});
}

export function setLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}
