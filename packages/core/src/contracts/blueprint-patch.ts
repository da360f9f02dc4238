import { z } from 'zod';
import { BlueprintIssue, LocalizedText } from './blueprint.js';
import { formatMessage, type MessageLocale, SystemMessage, type Translate } from './messages/system-message.js';

/** An RFC 6901 JSON Pointer: "" is the whole document, `/entities/0/fields/2` a field. */
export const JsonPointer = z
  .string()
  .max(2000)
  .regex(/^(?:\/(?:[^~/]|~[01])*)*$/);

const value = z.json();

/**
 * A change to a Blueprint: typed operations with RFC 6902 JSON Patch semantics, applied in order
 * and all or nothing. Paths address the normalised Blueprint (see `blueprint/normalize.ts`).
 */
export const BlueprintPatchOperation = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add'), path: JsonPointer, value }),
  z.strictObject({ op: z.literal('remove'), path: JsonPointer }),
  z.strictObject({ op: z.literal('replace'), path: JsonPointer, value }),
  z.strictObject({ op: z.literal('move'), from: JsonPointer, path: JsonPointer }),
  z.strictObject({ op: z.literal('copy'), from: JsonPointer, path: JsonPointer }),
  z.strictObject({ op: z.literal('test'), path: JsonPointer, value }),
]);
export type BlueprintPatchOperation = z.infer<typeof BlueprintPatchOperation>;

export const BlueprintPatch = z.array(BlueprintPatchOperation).max(100_000);
export type BlueprintPatch = z.infer<typeof BlueprintPatch>;

export const BlueprintPatchFailureCode = z.enum([
  /** The patch itself is not a list of valid operations. */
  'INVALID_PATCH',
  /** The Blueprint the patch was to apply to is not Blueprint-shaped. */
  'INVALID_BASE',
  /** A path (or `from`) names nothing, or its parent does not exist. */
  'PATH_NOT_FOUND',
  /** A path is malformed for its target: a bad array index, a move into its own child, `__proto__`. */
  'INVALID_PATH',
  /** A `test` operation found a different value. */
  'TEST_FAILED',
  /** Every operation applied, but the result is not a valid Blueprint. */
  'INVALID_RESULT',
]);
export type BlueprintPatchFailureCode = z.infer<typeof BlueprintPatchFailureCode>;

/** Why a patch did not apply; `opIndex` is the failing operation (absent when the result as a whole is invalid). */
export const BlueprintPatchFailure = z.object({
  code: BlueprintPatchFailureCode,
  opIndex: z.number().int().nonnegative().optional(),
  /** The failing operation as people count it (1-based), its kind, and the pointer it named. */
  params: z.object({ op: z.number().int(), name: z.string(), pointer: z.string() }).partial().optional(),
  /** Only on failures reported before messages became codes; words now come from the catalogue. */
  message: LocalizedText.optional(),
  /** For INVALID_RESULT (and INVALID_PATCH): what validation found. */
  issues: z.array(BlueprintIssue).optional(),
});
export type BlueprintPatchFailure = z.infer<typeof BlueprintPatchFailure>;

/**
 * A patch described for people: one system message per change (`SUMMARY_<WHAT>`), the whole as one
 * message (`SUMMARY`, its changes joined as sentences) that the UI puts into its language, and the
 * whole in the catalogues' words of each language (for the CLI and logs).
 */
export const BlueprintPatchSummary = z.object({
  message: SystemMessage,
  changes: z.array(SystemMessage),
  en: z.string(),
  ar: z.string(),
});
export type BlueprintPatchSummary = z.infer<typeof BlueprintPatchSummary>;

/** The changes as one message: the sentences joined with the language's semicolon. */
export function summaryMessage(changes: readonly SystemMessage[]): SystemMessage {
  return { code: 'SUMMARY', params: { changes: [...changes], separator: 'SENTENCES' } };
}

/**
 * A summary in words. Summaries stored before they became codes kept their words: a plain string
 * (English) or `{en, ar}`; they show those.
 */
export function summaryText(
  summary: SystemMessage | LocalizedText | string,
  locale: MessageLocale,
  translate?: Translate,
): string {
  if (typeof summary === 'string') return summary;
  if ('code' in summary) return formatMessage(summary, locale, translate);
  return summary[locale] || summary.en;
}

/** A patch failure as a system message (the catalogue's `BLUEPRINT_PATCH_<CODE>`). */
export function patchFailureMessage(failure: Pick<BlueprintPatchFailure, 'code' | 'params'>): SystemMessage {
  return { code: `BLUEPRINT_PATCH_${failure.code}`, ...(failure.params ? { params: failure.params } : {}) };
}

/** A patch failure in words (one reported with its own words shows those). */
export function patchFailureText(failure: BlueprintPatchFailure, locale: MessageLocale): string {
  return failure.message ? failure.message[locale] : formatMessage(patchFailureMessage(failure), locale);
}
