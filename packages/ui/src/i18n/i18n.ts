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
import type { FeatureStrings } from '../workbench/ui-feature';
import arBase from './ar.json';
import enBase from './en.json';

type Catalogue = { [key: string]: unknown };

const isCatalogue = (value: unknown): value is Catalogue => typeof value === 'object' && value !== null;

/** Lays `part` over `target`; a key both define (a leaf, or a leaf against a group) is an error. */
function mergeInto(target: Catalogue, part: object, path: string): void {
  for (const [key, value] of Object.entries(part)) {
    const at = path ? `${path}.${key}` : key;
    const existing = target[key];
    if (isCatalogue(existing) && isCatalogue(value)) mergeInto(existing, value, at);
    else if (key in target) throw new Error(`Translation key "${at}" is defined twice`);
    else target[key] = structuredClone(value);
  }
}

/**
 * The catalogue of each language: the shared `en.json` / `ar.json` with every registered feature's
 * strings (`<feature>/strings.<lang>.json`) laid over it by `addFeatureStrings`.
 */
export const catalogues: { en: Catalogue; ar: Catalogue } = {
  en: structuredClone(enBase),
  ar: structuredClone(arBase),
};

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
    en: { translation: structuredClone(catalogues.en), system: systemCatalogues.en },
    ar: { translation: structuredClone(catalogues.ar), system: systemCatalogues.ar },
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

/** Adds the features' strings to the catalogues (the registry does, once, with every feature's). */
export function addFeatureStrings(parts: readonly FeatureStrings[]): void {
  for (const part of parts) {
    mergeInto(catalogues.en, part.en, '');
    mergeInto(catalogues.ar, part.ar, '');
  }
  i18n.addResourceBundle('en', 'translation', structuredClone(catalogues.en), true, true);
  i18n.addResourceBundle('ar', 'translation', structuredClone(catalogues.ar), true, true);
}

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
