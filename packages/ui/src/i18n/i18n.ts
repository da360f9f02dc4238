import {
  formatMessage,
  issueText,
  type Locale,
  type MessageLocale,
  reasonText,
  type SystemMessage,
  systemCatalogues,
  type Translate,
} from '@webnova/core/contracts';
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import arBase from './ar.json';
import enBase from './en.json';
import aiAr from './features/ai.ar.json';
import aiEn from './features/ai.en.json';
import blueprintAr from './features/blueprint.ar.json';
import blueprintEn from './features/blueprint.en.json';
import gitAr from './features/git.ar.json';
import gitEn from './features/git.en.json';
import inboxAr from './features/inbox.ar.json';
import inboxEn from './features/inbox.en.json';
import runAr from './features/run.ar.json';
import runEn from './features/run.en.json';
import terminalAr from './features/terminal.ar.json';
import terminalEn from './features/terminal.en.json';

/**
 * Each feature keeps its strings in `features/<feature>.<lang>.json` under its own top-level keys;
 * the catalogue of a language is the shared file with every feature's file laid over it.
 */
function catalogue(base: object, parts: object[]): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key in merged) throw new Error(`Translation key "${key}" is defined twice`);
      merged[key] = value;
    }
  }
  return merged;
}

export const catalogues = {
  en: catalogue(enBase, [gitEn, blueprintEn, inboxEn, aiEn, terminalEn, runEn]),
  ar: catalogue(arBase, [gitAr, blueprintAr, inboxAr, aiAr, terminalAr, runAr]),
} as const;
const { en, ar } = catalogues;

const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

function isolate(value: string): string {
  return i18n.language === 'ar' ? `${FIRST_STRONG_ISOLATE}${value}${POP_DIRECTIONAL_ISOLATE}` : value;
}

/**
 * One i18next instance for the whole UI; stores translate through `t` outside React. Typed by hand:
 * tsc -b's declaration emit cannot name the type i18next infers here.
 */
export const i18n: I18n = i18next.createInstance();

// Core's system messages (risk reasons, verdicts, how a command runs) come as codes and values; their
// texts are the contracts' catalogue, loaded here as the `system` namespace.
void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en, system: systemCatalogues.en },
    ar: { translation: ar, system: systemCatalogues.ar },
  },
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

/** i18next as the system messages' translator: the values come formatted and isolated already. */
const translateSystem: Translate = (code, values, locale) =>
  i18n.t(code, { ...values, ns: 'system', lng: locale, interpolation: { escapeValue: false } });

const uiLocale = (): MessageLocale => (i18n.language === 'ar' ? 'ar' : 'en');

/** A system message from core, in the window's language. */
export function tMessage(message: SystemMessage): string {
  return formatMessage(message, uiLocale(), translateSystem);
}

/** A Blueprint issue in the window's language (one reported with its own words shows those). */
export function tIssue(issue: Parameters<typeof issueText>[0]): string {
  return issueText(issue, uiLocale(), translateSystem);
}

/** A reason from core in the window's language (one stored with its own words shows those). */
export function tReason(reason: SystemMessage & { message?: { en: string; ar: string } }): string {
  return reasonText(reason, uiLocale(), translateSystem);
}

export function setLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}
