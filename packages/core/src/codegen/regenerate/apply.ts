import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GenerationReport } from '../../contracts/api/blueprint.js';
import { CoreError } from '../../contracts/index.js';
import { BaseStore, sha256 } from './base-store.js';
import { MANIFEST_FILE } from './manifest.js';
import type { RegenerationPlan } from './plan.js';
import { writeFilesAtomically } from './write-files.js';

async function currentSha(path: string): Promise<string | null> {
  try {
    return sha256(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Refuses to go on when a file changed between planning and writing: the plan would lose that edit. */
async function checkUnchanged(plan: RegenerationPlan): Promise<void> {
  const expected = [
    ...plan.writes.map((w) => [w.path, w.seen] as const),
    ...plan.deletes.map((d) => [d.path, d.seen] as const),
  ];
  for (const [path, seen] of expected) {
    if ((await currentSha(join(plan.root, path))) !== seen) {
      throw new CoreError('CONFLICT', `${path} changed while generating. Nothing was lost; generate again.`, { path });
    }
  }
}

/**
 * Carries out a plan in the order that keeps every state recoverable: first the new base copies
 * (added beside the old ones), then the project's files (each written atomically), then the
 * manifest, the one switch from the old generation to the new, and last the clean-up of base copies
 * nothing names any more. A crash before the manifest leaves the old record in force; regenerating
 * then sees the files already written as converged with the new output, so no edit is lost.
 */
export async function applyPlan(plan: RegenerationPlan): Promise<GenerationReport> {
  await checkUnchanged(plan);
  const store = new BaseStore(plan.root);
  const objects =
    plan.manifestChanged || plan.writes.length > 0 ? await store.missing(plan.baseTexts, plan.storedHashes) : [];
  await writeFilesAtomically(objects);
  await writeFilesAtomically(
    plan.writes.map((write) => ({ path: join(plan.root, write.path), content: write.content })),
  );
  for (const removal of plan.deletes) await rm(join(plan.root, removal.path), { force: true });
  let recordFilesWritten = objects.length;
  if (plan.manifestChanged) {
    await writeFilesAtomically([{ path: join(plan.root, MANIFEST_FILE), content: plan.manifestText }]);
    recordFilesWritten += 1;
    await store.prune(new Set(plan.baseTexts.map(sha256)));
  }
  return { ...plan.report, filesWritten: plan.writes.length + plan.deletes.length, recordFilesWritten };
}
