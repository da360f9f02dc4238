import { z } from 'zod';
import { systemMessagesAr } from './catalogue-ar.js';
import { systemMessagesEn } from './catalogue-en.js';

/**
 * A message of the system (a risk reason, a verdict, how a command runs): a code and the values it
 * names. Core says what happened; the words are the UI's (i18next, in the window's language) or the
 * CLI's, from one catalogue per language. A value that is data in two languages (an owner's rule
 * description) travels as such; a value that is itself a message (what a line needs a shell for) is
 * translated in turn; a list is joined in the language's way.
 */
export interface SystemMessage {
  code: string;
  params?: Record<string, MessageParam>;
}
export type MessageParam = string | number | LocalizedValue | SystemMessage | SystemMessage[];
/** Data written in both languages (`en` always; `ar` where given). */
export type LocalizedValue = { en: string; ar?: string };

const Code = z.string().min(1).max(100);
export const SystemMessage: z.ZodType<SystemMessage> = z.lazy(() =>
  z.object({ code: Code, params: z.record(z.string(), MessageParam).optional() }).strict(),
);
export const MessageParam: z.ZodType<MessageParam> = z.lazy(() =>
  z.union([
    z.string().max(20_000),
    z.number(),
    z.object({ en: z.string(), ar: z.string().optional() }).strict(),
    SystemMessage,
    z.array(SystemMessage).max(100),
  ]),
);

export type MessageLocale = 'en' | 'ar';

export const systemCatalogues: Readonly<Record<MessageLocale, Readonly<Record<string, string>>>> = {
  en: systemMessagesEn,
  ar: systemMessagesAr,
};

/** Arabic text keeps Latin values (paths, programs) in their own direction inside isolates. */
const isolate = (text: string) => `\u2068${text}\u2069`;

const isMessage = (value: unknown): value is SystemMessage =>
  typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';

/**
 * Fills a code's text with values that are final (formatted, isolated where they need it). The form
 * is chosen as i18next chooses it: `code_<context>` when a `context` value names one, then
 * `code_<plural>` by `count`, then `code`.
 */
export type Translate = (code: string, values: Record<string, string | number>, locale: MessageLocale) => string;

/** The catalogue's own translation, for the CLI and core's logs; the UI uses i18next with the same texts. */
export const translateFromCatalogue: Translate = (code, values, locale) => {
  const catalogue = systemCatalogues[locale];
  const keyed = typeof values.context === 'string' ? `${code}_${values.context}` : code;
  const count = values.count;
  const pluralOf = (key: string) =>
    typeof count === 'number'
      ? (catalogue[`${key}_${new Intl.PluralRules(locale).select(count)}`] ?? catalogue[`${key}_other`])
      : undefined;
  const template = pluralOf(keyed) ?? catalogue[keyed] ?? pluralOf(code) ?? catalogue[code];
  if (template === undefined) return code;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
};

/**
 * A message in words. `translate` is the catalogue by default; the UI passes i18next's `t` (the same
 * texts, loaded as its `system` resources) with escaping off, since the values come here final.
 */
export function formatMessage(
  message: SystemMessage,
  locale: MessageLocale,
  translate: Translate = translateFromCatalogue,
): string {
  const values: Record<string, string | number> = {};
  // A list is joined with the language's comma, or with the catalogue's `LIST_SEPARATOR_<separator>`
  // (sentences are joined with a semicolon).
  const { separator } = message.params ?? {};
  const joiner =
    typeof separator === 'string'
      ? translate(`LIST_SEPARATOR_${separator}`, {}, locale)
      : locale === 'ar'
        ? '، '
        : ', ';
  for (const [name, value] of Object.entries(message.params ?? {})) {
    if (name === 'separator') continue;
    // A value as written (a path, a program) keeps its own direction in Arabic; words do not need to.
    if (name === 'context' || name === 'count') values[name] = value as string | number;
    else if (typeof value === 'string' || typeof value === 'number') {
      values[name] = locale === 'ar' ? isolate(String(value)) : value;
    } else if (Array.isArray(value)) {
      values[name] = value.map((item) => formatMessage(item, locale, translate)).join(joiner);
    } else if (isMessage(value)) values[name] = formatMessage(value, locale, translate);
    else values[name] = (locale === 'ar' ? value.ar : undefined) ?? value.en;
  }
  return translate(message.code, values, locale);
}

/** A reason as stored: new ones are a code and values; older ones also kept their words in both languages. */
export function reasonText(
  reason: SystemMessage & { message?: { en: string; ar: string } },
  locale: MessageLocale,
  translate: Translate = translateFromCatalogue,
): string {
  return reason.message ? reason.message[locale] : formatMessage(reason, locale, translate);
}
