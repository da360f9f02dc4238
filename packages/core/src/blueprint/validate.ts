import { Blueprint, type BlueprintIssue } from '../contracts/index.js';
import {
  checkApi,
  checkIntegrations,
  checkNavigation,
  checkPages,
  checkPermissions,
  checkRoles,
} from './check-access.js';
import { CheckContext } from './check-context.js';
import { checkEntities, checkPlatform, checkRelations } from './check-model.js';
import { blueprintIssue } from './messages.js';
import { migrateBlueprint } from './migrate.js';
import { shapeIssues } from './shape-issues.js';

export type BlueprintValidation =
  | {
      ok: true;
      blueprint: Blueprint;
      /** Set when the input was an older version, migrated first. */
      migratedFrom?: number;
    }
  | { ok: false; errors: BlueprintIssue[] };

const checks = [
  checkPlatform,
  checkEntities,
  checkRelations,
  checkRoles,
  checkPermissions,
  checkPages,
  checkNavigation,
  checkApi,
  checkIntegrations,
];

/** The problems of meaning in a well-shaped Blueprint, in document order. */
export function blueprintMeaningIssues(blueprint: Blueprint): BlueprintIssue[] {
  const context = new CheckContext(blueprint);
  for (const check of checks) check(context);
  return context.issues;
}

/**
 * Checks a document against the current schema version, shape then meaning, without migrating.
 * Used for the results of patches, which must stay in the current version.
 */
export function checkBlueprint(input: unknown): BlueprintValidation {
  return guarded(() => {
    const parsed = Blueprint.safeParse(input);
    if (!parsed.success) return { ok: false, errors: shapeIssues(parsed.error.issues, input) };
    const errors = blueprintMeaningIssues(parsed.data);
    return errors.length === 0 ? { ok: true, blueprint: parsed.data } : { ok: false, errors };
  });
}

/**
 * Validates any value as a Blueprint: migrates an older version first, then checks shape and
 * meaning. Never throws. Issue paths point into the current-version document (for a migrated
 * input, into its migrated form).
 */
export function validateBlueprint(input: unknown): BlueprintValidation {
  return guarded(() => {
    const migration = migrateBlueprint(input);
    if (!migration.ok) return migration;
    const result = checkBlueprint(migration.document);
    if (!result.ok || migration.from === result.blueprint.schemaVersion) return result;
    return { ...result, migratedFrom: migration.from };
  });
}

/** Input from anywhere can hold traps (throwing getters, proxies); it becomes an issue, not an exception. */
function guarded(run: () => BlueprintValidation): BlueprintValidation {
  try {
    return run();
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unexpected failure';
    return { ok: false, errors: [blueprintIssue('', 'INTERNAL', { detail })] };
  }
}
