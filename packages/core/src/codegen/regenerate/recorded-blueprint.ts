import { normalizeBlueprint } from '../../blueprint/normalize.js';
import { validateBlueprint } from '../../blueprint/validate.js';
import type { Blueprint } from '../../contracts/index.js';
import { type BaseStore, sha256 } from './base-store.js';
import { type Manifest, STATE_DIR } from './manifest.js';
import type { ProjectFolder } from './project-folder.js';

/**
 * The Blueprint the manifest was generated from, in normal form (`serializeBlueprint`), committed
 * beside the manifest. With it a clone on another device, which has no base copies (they are not
 * committed), can generate the last generation again and so recover every merge base; and it is the
 * "before" of the next Blueprint change, for rename detection. Its SHA-256 is the manifest's
 * `blueprintHash`: a copy that does not match it (edited, or left from an interrupted run) is not
 * used.
 */
export const RECORDED_BLUEPRINT_FILE = `${STATE_DIR}/generated-from.blueprint.json`;

/** The recorded Blueprint's text as it is on disk, or null when there is none. */
export function readRecordedBlueprint(project: ProjectFolder): Promise<string | null> {
  return project.read(RECORDED_BLUEPRINT_FILE, 'record');
}

/**
 * The Blueprint `manifest` was generated from: the recorded copy when its hash matches, else the
 * base store's copy (projects generated before the recorded copy existed, and a run interrupted
 * between the manifest and the copy), else null (nothing on this machine says what it was). The hash
 * ties it to the manifest, not to this generator: a repository can ship any pair, and an older
 * WebNova wrote an older schema, so it is validated (and migrated) like any Blueprint; one that is not
 * valid is not used.
 */
export async function previousBlueprint(
  manifest: Manifest,
  recorded: string | null,
  store: BaseStore,
): Promise<Blueprint | null> {
  const text =
    recorded !== null && sha256(recorded) === manifest.blueprintHash
      ? recorded
      : await store.read(manifest.blueprintHash);
  if (text === null) return null;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return null;
  }
  const checked = validateBlueprint(document);
  return checked.ok ? normalizeBlueprint(checked.blueprint) : null;
}
