import type { GenerationConflict, GenerationReport } from '../../blueprint/contract.js';
import { applyPlan } from './apply.js';
import { readManifest } from './manifest.js';
import { findConflictMarkers } from './merge.js';
import { type GenerationRequest, planRegeneration } from './plan.js';
import { ProjectFolder } from './project-folder.js';

export { BASE_DIR } from './base-store.js';
export { MANIFEST_FILE, Manifest as GenerationManifest, readManifest, STATE_DIR } from './manifest.js';
export { findConflictMarkers, mergeThreeWay } from './merge.js';
export type { GenerationRequest, RegenerationPlan } from './plan.js';
export { RECORDED_BLUEPRINT_FILE } from './recorded-blueprint.js';
export { detectEntityRenames, type EntityRenames } from './renames.js';

/** What (re)generating would do, file by file; writes nothing. */
export async function previewGeneration(request: GenerationRequest): Promise<GenerationReport> {
  const plan = await planRegeneration(request);
  return { ...plan.report, filesWritten: 0, recordFilesWritten: 0 };
}

/** Generates the project, or regenerates it keeping hand edits; returns what it did. */
export async function generateProject(request: GenerationRequest): Promise<GenerationReport> {
  return applyPlan(await planRegeneration(request));
}

/** Generated files of a project that still hold conflict markers, with where the first one is. */
export async function listGenerationConflicts(root: string): Promise<GenerationConflict[]> {
  const project = await ProjectFolder.open(root);
  const manifest = await readManifest(project);
  if (!manifest) return [];
  const conflicts: GenerationConflict[] = [];
  for (const path of Object.keys(manifest.files).sort()) {
    // A file behind a link (refused) or unreadable is left out: this only lists what can be opened.
    const text = await project.read(path, 'project').catch(() => null);
    if (text === null) continue;
    const found = findConflictMarkers(text);
    if (found.hunks > 0) {
      conflicts.push({
        path,
        reason: 'overlap',
        hunks: found.hunks,
        ...(found.firstLine ? { line: found.firstLine } : {}),
      });
    }
  }
  return conflicts;
}
