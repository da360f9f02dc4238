import type { GenerationReport } from '../../blueprint/contract.js';
import { CoreError } from '../../contracts/index.js';
import { BaseStore, sha256 } from './base-store.js';
import { MANIFEST_FILE } from './manifest.js';
import type { RegenerationPlan } from './plan.js';
import type { BeforeFinalStep } from './project-folder.js';
import { RECORDED_BLUEPRINT_FILE } from './recorded-blueprint.js';

export interface ApplyOptions {
  /**
   * Runs before the final step of every change (the rename that puts a file in place, or the
   * unlink), after all its checks: the last moment another process could swap a link in. The
   * red-team tests race the generator here.
   */
  readonly beforeFinalStep?: BeforeFinalStep | undefined;
}

/**
 * Refuses to go on when a file changed between planning and writing (the plan would lose that
 * edit), and resolves every target again, so a link made since the plan is refused before the first
 * write rather than halfway.
 */
async function checkUnchanged(plan: RegenerationPlan): Promise<void> {
  const expected = [
    ...plan.writes.map((w) => [w.path, w.seen] as const),
    ...plan.deletes.map((d) => [d.path, d.seen] as const),
  ];
  for (const [path, seen] of expected) {
    const text = await plan.project.read(path, 'project');
    if ((text === null ? null : sha256(text)) !== seen) {
      throw new CoreError('CONFLICT', { code: 'ERROR_GENERATE_FILE_CHANGED', params: { path } }, { path });
    }
  }
  for (const object of plan.objects) await plan.project.check(object.path, 'record');
  if (plan.manifestChanged) await plan.project.check(MANIFEST_FILE, 'record');
  if (plan.recordedBlueprintChanged) await plan.project.check(RECORDED_BLUEPRINT_FILE, 'record');
}

/**
 * Carries out a plan in the order that keeps every state recoverable: first the new base copies
 * (added beside the old ones), then the project's files (each written atomically), then the
 * manifest, the one switch from the old generation to the new, then the recorded Blueprint, and last
 * the clean-up of base copies nothing names any more. A crash (or a refusal of a link made meanwhile)
 * before the manifest leaves the old record in force; regenerating then sees the files already
 * written as converged with the new output, so no edit is lost. The recorded Blueprint comes after
 * the manifest because the store already holds the new Blueprint then: a crash between the two
 * leaves a recorded copy whose hash is not the manifest's, and the store's copy is used instead.
 */
export async function applyPlan(plan: RegenerationPlan, options: ApplyOptions = {}): Promise<GenerationReport> {
  const { project } = plan;
  const before = options.beforeFinalStep;
  await checkUnchanged(plan);
  const store = new BaseStore(project);
  await store.write(plan.objects, before);
  await project.write(plan.writes, 'project', before);
  for (const removal of plan.deletes) await project.remove(removal.path, 'project', before);
  let recordFilesWritten = plan.objects.length;
  if (plan.manifestChanged) {
    await project.write([{ path: MANIFEST_FILE, content: plan.manifestText }], 'record', before);
    recordFilesWritten += 1;
  }
  if (plan.recordedBlueprintChanged) {
    await project.write([{ path: RECORDED_BLUEPRINT_FILE, content: plan.blueprintText }], 'record', before);
    recordFilesWritten += 1;
  }
  if (plan.manifestChanged) await store.prune(new Set(plan.baseTexts.map(sha256)), before);
  return { ...plan.report, filesWritten: plan.writes.length + plan.deletes.length, recordFilesWritten };
}
