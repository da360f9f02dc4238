import { z } from 'zod';
import { featureContract, method } from '../contracts/api/method.js';
import { BlueprintIssue, PascalName } from '../contracts/blueprint.js';

const none = z.object({}).strict();

/** The Blueprint file of a workspace, at its root. */
export const BLUEPRINT_FILE = 'webnova.blueprint.json';

/**
 * What regeneration does to one file. `create`: new file; `update`: untouched on disk, overwritten;
 * `merge`: both you and the generator changed it, merged cleanly; `conflict`: overlapping changes,
 * conflict markers written; `delete`: untouched and no longer generated; `keep`: left as it is on
 * disk (your edits win, you deleted it, or it is no longer generated but you edited it). `from` is
 * set when the file moves because its entity was renamed.
 */
export const GenerationChangeKind = z.enum(['create', 'update', 'merge', 'conflict', 'delete', 'keep']);
export type GenerationChangeKind = z.infer<typeof GenerationChangeKind>;

export const KeepReason = z.enum(['edited', 'deleted-by-you', 'no-longer-generated']);
export type KeepReason = z.infer<typeof KeepReason>;

export const GenerationChange = z.object({
  path: z.string(),
  kind: GenerationChangeKind,
  from: z.string().optional(),
  entity: z.string().optional(),
  reason: KeepReason.optional(),
});
export type GenerationChange = z.infer<typeof GenerationChange>;

/**
 * A file that needs a person: `overlap` (both sides changed the same lines; markers written),
 * `exists` (a file the generator now makes was already there with other content; markers written),
 * `no-longer-generated` (the generator dropped a file you edited; kept as it is), `base-unknown` (you
 * edited it, and what it was last generated as could not be had here: this machine has no base copy
 * and generating the recorded Blueprint again gave other text than the manifest records, as after a
 * generator upgrade; markers written around all that differs, never merged on a guess).
 */
export const GenerationConflict = z.object({
  path: z.string(),
  reason: z.enum(['overlap', 'exists', 'no-longer-generated', 'base-unknown']),
  /** How many conflict blocks the file holds (0 for `no-longer-generated`). */
  hunks: z.number().int().min(0),
  /** The 1-based line of the first conflict marker, to open the editor there. */
  line: z.number().int().min(1).optional(),
});
export type GenerationConflict = z.infer<typeof GenerationConflict>;

export const GenerationCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  merged: z.number().int(),
  conflicted: z.number().int(),
  deleted: z.number().int(),
  moved: z.number().int(),
  kept: z.number().int(),
  unchanged: z.number().int(),
});
export type GenerationCounts = z.infer<typeof GenerationCounts>;

/** A preview of a regeneration (nothing written) or its outcome. */
export const GenerationReport = z.object({
  template: z.object({ name: z.string(), version: z.string() }),
  blueprintHash: z.string(),
  /** The previous generation's Blueprint hash, or null for a first generation. */
  previousBlueprintHash: z.string().nullable(),
  /** Entity renames followed (old name → new name). */
  renames: z.record(z.string(), z.string()),
  changes: z.array(GenerationChange),
  conflicts: z.array(GenerationConflict),
  counts: GenerationCounts,
  /** Project files written or deleted (0 for a preview and for an unchanged Blueprint). */
  filesWritten: z.number().int(),
  /** Bookkeeping files written under .webnova/ (the manifest, the recorded Blueprint, new base copies). */
  recordFilesWritten: z.number().int(),
});
export type GenerationReport = z.infer<typeof GenerationReport>;

export const BlueprintTemplateInfo = z.object({ name: z.string(), version: z.string(), description: z.string() });
export type BlueprintTemplateInfo = z.infer<typeof BlueprintTemplateInfo>;

const generationInput = z
  .object({
    template: z.string().min(1).max(100).optional(),
    /** Entity renames to follow, old name → new name; detected from the Blueprint change when omitted. */
    renames: z.record(PascalName, PascalName).optional(),
  })
  .strict();

/** The Blueprint part of the API table: the workspace's Blueprint, generation and conflicts. */
export const blueprintMethods = {
  'blueprint.read': method(
    none,
    z.object({
      path: z.literal(BLUEPRINT_FILE),
      exists: z.boolean(),
      /** The file's text as on disk (null when absent). */
      text: z.string().nullable(),
      valid: z.boolean(),
      /** The validated, normalised Blueprint (null when absent or invalid). */
      blueprint: z.unknown().nullable(),
      /** Problems with their JSON paths, in English and Arabic; a JSON syntax error is one issue at "". */
      issues: z.array(BlueprintIssue),
    }),
    "Read and validate the workspace's webnova.blueprint.json.",
  ),
  'blueprint.schema': method(
    none,
    z.object({ fileName: z.literal(BLUEPRINT_FILE), schema: z.record(z.string(), z.unknown()) }),
    'The JSON Schema of a Blueprint file, for the editor.',
  ),
  'blueprint.samples': method(
    none,
    z.object({ samples: z.array(z.object({ id: z.string(), name: z.string(), domain: z.string() })) }),
    'The sample Blueprints a new one can start from.',
  ),
  'blueprint.create': method(
    z.object({ sample: z.string().min(1).max(100) }).strict(),
    z.object({ path: z.literal(BLUEPRINT_FILE) }),
    "Write a sample as the workspace's Blueprint; never overwrites an existing one.",
  ),
  'blueprint.templates': method(
    none,
    z.object({ templates: z.array(BlueprintTemplateInfo), defaultTemplate: z.string() }),
    'The project templates the generator knows.',
  ),
  'blueprint.plan': method(
    generationInput,
    GenerationReport,
    'Preview a generation: which files would be created, updated, merged, conflicted, deleted or moved.',
    { timeoutMs: 5 * 60_000 },
  ),
  'blueprint.generate': method(
    generationInput,
    GenerationReport,
    'Generate or regenerate the project in the workspace, keeping hand edits (three-way merge).',
    { timeoutMs: 5 * 60_000 },
  ),
  'blueprint.conflicts': method(
    none,
    z.object({ conflicts: z.array(GenerationConflict) }),
    'Generated files that still hold conflict markers or were dropped by the generator after your edits.',
  ),
} as const;

export const blueprintEvents = {
  /** After a generation wrote files. */
  'blueprint.generated': GenerationReport,
} as const;

/** The blueprint feature's part of the API table, registered once in `contracts/api/index.ts`. */
export const blueprintContract = featureContract('blueprint', blueprintMethods, blueprintEvents);
