import type { BlueprintIssue } from '../../contracts/index.js';

/** One step of the migration chain: a document of version N in, a document of version N + 1 out. */
export type MigrationStep = (
  document: unknown,
) => { ok: true; document: unknown } | { ok: false; errors: BlueprintIssue[] };
