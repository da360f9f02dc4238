import {
  Blueprint,
  type BlueprintInput,
  BlueprintPatch,
  type BlueprintPatchFailure,
  type BlueprintPatchFailureCode,
} from '../contracts/index.js';
import { applyJsonPatch } from './json-patch.js';
import type { JsonValue } from './json-value.js';
import { normalizeBlueprint } from './normalize.js';
import { shapeIssues } from './shape-issues.js';
import { checkBlueprint } from './validate.js';

export type BlueprintPatchResult = { ok: true; blueprint: Blueprint } | { ok: false; error: BlueprintPatchFailure };

function failure(
  code: BlueprintPatchFailureCode,
  extra: { opIndex?: number; op?: string; pointer?: string } & Pick<BlueprintPatchFailure, 'issues'> = {},
): BlueprintPatchResult {
  const { opIndex, op = '', pointer = '', issues } = extra;
  return {
    ok: false,
    error: {
      code,
      ...(opIndex !== undefined && { params: { op: opIndex + 1, name: op, pointer } }),
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
