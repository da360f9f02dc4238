export { diffBlueprints } from './diff.js';
export { type BlueprintMigration, migrateBlueprint } from './migrate.js';
export { blueprintHash, normalizeBlueprint, serializeBlueprint } from './normalize.js';
export { applyBlueprintPatch, type BlueprintPatchResult } from './patch.js';
export { describeChanges, summarizePatch } from './summary.js';
export { type BlueprintValidation, blueprintMeaningIssues, checkBlueprint, validateBlueprint } from './validate.js';
