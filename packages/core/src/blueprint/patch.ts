import {
  Blueprint,
  type BlueprintInput,
  BlueprintPatch,
  type BlueprintPatchFailure,
  type BlueprintPatchFailureCode,
  type LocalizedText,
} from '../contracts/index.js';
import { applyJsonPatch } from './json-patch.js';
import type { JsonValue } from './json-value.js';
import { normalizeBlueprint } from './normalize.js';
import { shapeIssues } from './shape-issues.js';
import { checkBlueprint } from './validate.js';

export type BlueprintPatchResult = { ok: true; blueprint: Blueprint } | { ok: false; error: BlueprintPatchFailure };

/** Why a patch failed, in English and Arabic; `op` is the failing operation's index, `name` its kind. */
export function patchFailureMessage(code: BlueprintPatchFailureCode, op = 0, name = '', pointer = ''): LocalizedText {
  const n = op + 1;
  switch (code) {
    case 'INVALID_PATCH':
      return { en: 'The patch is not a list of valid operations.', ar: 'التعديل ليس قائمة عمليات صالحة.' };
    case 'INVALID_BASE':
      return { en: 'The Blueprint to patch is not valid.', ar: 'المخطط المراد تعديله غير صالح.' };
    case 'PATH_NOT_FOUND':
      return {
        en: `Operation ${n} (${name}) points at ${pointer}, which does not exist.`,
        ar: `العملية ${n} (${name}) تشير إلى ${pointer}، وهو غير موجود.`,
      };
    case 'INVALID_PATH':
      return {
        en: `Operation ${n} (${name}) has a path that cannot be used here: ${pointer}.`,
        ar: `العملية ${n} (${name}) تحمل مسارًا لا يصلح هنا: ${pointer}.`,
      };
    case 'TEST_FAILED':
      return {
        en: `Operation ${n} (test) found a different value at ${pointer}: the Blueprint changed since the patch was made.`,
        ar: `العملية ${n} (test) وجدت قيمة مختلفة عند ${pointer}: تغيّر المخطط منذ إعداد التعديل.`,
      };
    case 'INVALID_RESULT':
      return {
        en: 'After the patch the Blueprint would not be valid; nothing was changed.',
        ar: 'لن يكون المخطط صالحًا بعد التعديل؛ لم يتغير شيء.',
      };
  }
}

function failure(
  code: BlueprintPatchFailureCode,
  extra: { opIndex?: number; op?: string; pointer?: string } & Pick<BlueprintPatchFailure, 'issues'> = {},
): BlueprintPatchResult {
  const { opIndex, op = '', pointer = '', issues } = extra;
  const message = patchFailureMessage(code, opIndex ?? 0, op, pointer);
  return {
    ok: false,
    error: {
      code,
      message,
      ...(opIndex !== undefined && { opIndex }),
      ...(issues !== undefined && { issues }),
    },
  };
}

/**
 * Applies a Blueprint patch all or nothing: operations run in order on the normalised Blueprint
 * (RFC 6902, `test` included), then the result must be a valid Blueprint of the current version.
 * On success the result is normalised; on failure the caller's Blueprint is untouched and the
 * error names the operation (`opIndex`) or the validation issues. Never throws.
 */
export function applyBlueprintPatch(blueprint: BlueprintInput | Blueprint, patch: unknown): BlueprintPatchResult {
  const operations = BlueprintPatch.safeParse(patch);
  if (!operations.success) {
    return failure('INVALID_PATCH', { issues: shapeIssues(operations.error.issues, patch) });
  }
  if (!Blueprint.safeParse(blueprint).success) return failure('INVALID_BASE');
  const base = normalizeBlueprint(blueprint) as unknown as JsonValue;
  const outcome = applyJsonPatch(base, operations.data);
  if (!outcome.ok) {
    const op = operations.data[outcome.opIndex]?.op ?? '';
    return failure(outcome.code, { opIndex: outcome.opIndex, op, pointer: outcome.pointer });
  }
  const checked = checkBlueprint(outcome.document);
  if (!checked.ok) return failure('INVALID_RESULT', { issues: checked.errors });
  return { ok: true, blueprint: normalizeBlueprint(checked.blueprint) };
}
