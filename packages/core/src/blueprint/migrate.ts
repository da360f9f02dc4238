import { BLUEPRINT_SCHEMA_VERSION, type BlueprintIssue } from '../contracts/index.js';
import { isJsonObject } from './json-value.js';
import { blueprintIssue } from './messages.js';
import type { MigrationStep } from './migrations/step.js';
import { migrateV0ToV1 } from './migrations/v0-to-v1.js';

/** Step `N` turns a version-N document into version N + 1; the chain ends at the current version. */
const steps: ReadonlyMap<number, MigrationStep> = new Map([[0, migrateV0ToV1]]);

export type BlueprintMigration =
  | { ok: true; document: unknown; from: number }
  | { ok: false; errors: BlueprintIssue[] };

/** The version a document declares: `schemaVersion` since v1, `version` in v0. */
function declaredVersion(input: unknown): { version: number } | { errors: BlueprintIssue[] } {
  if (!isJsonObject(input)) {
    const found = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
    return { errors: [blueprintIssue('', 'INVALID_TYPE', { expected: 'object', found })] };
  }
  const key = Object.hasOwn(input, 'schemaVersion')
    ? 'schemaVersion'
    : Object.hasOwn(input, 'version')
      ? 'version'
      : null;
  if (key === null) return { errors: [blueprintIssue('', 'MISSING_VERSION')] };
  const version = input[key];
  const known = key === 'schemaVersion' ? version !== 0 : version === 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0 || !known) {
    const shown = typeof version === 'number' || typeof version === 'string' ? JSON.stringify(version) : typeof version;
    return { errors: [blueprintIssue(`/${key}`, 'UNKNOWN_VERSION', { version: shown })] };
  }
  if (version > BLUEPRINT_SCHEMA_VERSION) {
    return {
      errors: [blueprintIssue(`/${key}`, 'UNSUPPORTED_VERSION', { version, current: BLUEPRINT_SCHEMA_VERSION })],
    };
  }
  return { version };
}

/**
 * Brings a Blueprint document of any known version up to the current one, step by step. The result
 * is not yet validated; an unknown or newer version is an issue, never an exception.
 */
export function migrateBlueprint(input: unknown): BlueprintMigration {
  const declared = declaredVersion(input);
  if ('errors' in declared) return { ok: false, errors: declared.errors };
  let document = input;
  for (let version = declared.version; version < BLUEPRINT_SCHEMA_VERSION; version += 1) {
    const step = steps.get(version);
    if (step === undefined) {
      return { ok: false, errors: [blueprintIssue('', 'UNKNOWN_VERSION', { version })] };
    }
    const result = step(document);
    if (!result.ok) return result;
    document = result.document;
  }
  return { ok: true, document, from: declared.version };
}
